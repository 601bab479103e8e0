package io.cdctoolkit.smt.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for the filter grammar. Hand-written rather than generated (ANTLR, JavaCC):
 * the grammar is a dozen rules, a generator would add a build step and a runtime dependency to every
 * distribution, and the column-accurate "expected … at column N" messages are simplest to produce
 * here.
 *
 * <pre>
 * expression := or END
 * or         := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' or ')' | predicate
 * predicate  := PATH ( OP literal
 *                    | ['not'] 'in' '(' literal (',' literal)* ')'
 *                    | ['not'] 'like' STRING
 *                    | ['not'] 'matches' STRING
 *                    | 'is' ['not'] 'null' )
 * literal    := NUMBER | STRING | 'true' | 'false' | 'null' | WORD
 * </pre>
 */
final class Parser {

    private static final String PREDICATE_OPERATOR =
            "an operator (=, !=, <, <=, >, >=, in, not in, like, matches, is)";

    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static FilterNode parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        FilterNode root = parser.or();
        Token end = parser.peek();
        if (end.kind() != Token.Kind.END) {
            throw FilterSyntaxException.expected(end.kind() == Token.Kind.RPAREN ? "end of expression (unbalanced ')')"
                    : "'and', 'or' or end of expression", end);
        }
        return root;
    }

    private FilterNode or() {
        FilterNode left = and();
        while (peek().isKeyword("or")) {
            pos++;
            left = new FilterNode.Or(left, and());
        }
        return left;
    }

    private FilterNode and() {
        FilterNode left = unary();
        while (peek().isKeyword("and")) {
            pos++;
            left = new FilterNode.And(left, unary());
        }
        return left;
    }

    private FilterNode unary() {
        Token t = peek();
        if (t.isKeyword("not")) {
            pos++;
            return new FilterNode.Not(unary(), t.column());
        }
        if (t.kind() == Token.Kind.LPAREN) {
            pos++;
            FilterNode inner = or();
            expect(Token.Kind.RPAREN, "')'");
            return inner;
        }
        if (t.kind() == Token.Kind.IDENT) {
            pos++;
            return predicate(new FilterNode.Path(t.segments(), t.text(), t.column()));
        }
        throw FilterSyntaxException.expected("a field name, 'not' or '('", t);
    }

    private FilterNode predicate(FilterNode.Path path) {
        Token t = next();
        if (t.kind() == Token.Kind.OPERATOR) {
            return new FilterNode.Comparison(path, FilterNode.CompareOp.of(t.text()), literal());
        }
        if (t.isKeyword("is")) {
            boolean negated = peek().isKeyword("not");
            if (negated) pos++;
            Token n = next();
            if (!n.isKeyword("null")) throw FilterSyntaxException.expected(negated ? "'null'" : "'null' or 'not null'", n);
            return new FilterNode.IsNull(path, negated);
        }
        boolean negated = false;
        if (t.isKeyword("not")) {
            negated = true;
            t = next();
            if (!(t.isKeyword("in") || t.isKeyword("like") || t.isKeyword("matches"))) {
                throw FilterSyntaxException.expected("'in', 'like' or 'matches' after 'not'", t);
            }
        }
        if (t.isKeyword("in")) {
            expect(Token.Kind.LPAREN, "'(' after 'in'");
            List<Literal> values = new ArrayList<>();
            values.add(literal());
            while (peek().kind() == Token.Kind.COMMA) {
                pos++;
                values.add(literal());
            }
            expect(Token.Kind.RPAREN, "',' or ')'");
            return new FilterNode.In(path, values, negated);
        }
        if (t.isKeyword("like")) {
            Token p = expect(Token.Kind.STRING, "a quoted pattern after 'like'");
            return new FilterNode.Like(path, new Literal.Text(p.text(), false, p.column()), negated);
        }
        if (t.isKeyword("matches")) {
            Token p = expect(Token.Kind.STRING, "a quoted regular expression after 'matches'");
            try {
                return new FilterNode.Matches(path, Pattern.compile(p.text()), p.column(), negated);
            } catch (PatternSyntaxException e) {
                throw new FilterSyntaxException("invalid regular expression at column " + p.column() + ": "
                        + e.getDescription() + " near index " + e.getIndex(), p.column(), "a regular expression");
            }
        }
        pos--;
        throw FilterSyntaxException.expected(PREDICATE_OPERATOR, t);
    }

    private Literal literal() {
        Token t = next();
        return switch (t.kind()) {
            case NUMBER -> new Literal.Number(new BigDecimal(t.text()), t.column());
            case STRING -> new Literal.Text(t.text(), false, t.column());
            case IDENT -> new Literal.Text(t.text(), true, t.column());
            case KEYWORD -> switch (t.text()) {
                case "true" -> new Literal.Bool(true, t.column());
                case "false" -> new Literal.Bool(false, t.column());
                case "null" -> new Literal.Null(t.column());
                default -> throw FilterSyntaxException.expected("a literal", t);
            };
            default -> throw FilterSyntaxException.expected("a literal", t);
        };
    }

    private Token expect(Token.Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) throw FilterSyntaxException.expected(what, t);
        return t;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.END) pos++;
        return t;
    }
}
