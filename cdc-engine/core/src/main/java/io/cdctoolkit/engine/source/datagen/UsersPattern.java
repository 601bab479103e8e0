package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code users}: fake user accounts; an update changes one of email (new domain), age (+1), country
 * or premium (toggled).
 */
final class UsersPattern implements DatagenPattern {

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("user_id", FieldType.INT64, "primary key: 1, 2, 3, … in insert order"),
            DatagenPattern.column("first_name", FieldType.STRING, "a first name"),
            DatagenPattern.column("last_name", FieldType.STRING, "a last name"),
            DatagenPattern.column("email", FieldType.STRING, "first.last<user_id>@<domain>, lower case"),
            DatagenPattern.column("age", FieldType.INT32, "18 to 79; an update adds 1 (up to 79)"),
            DatagenPattern.column("country", FieldType.STRING, "ISO 3166 alpha-2 code"),
            DatagenPattern.column("premium", FieldType.BOOLEAN, "premium account"),
            DatagenPattern.column("signup_date", FieldType.DATE, "2021-01-01 to 2023-12-31"));
    private static final List<String> FIRST_NAMES = List.of("Alice", "Bob", "Carol", "David", "Eve", "Frank",
            "Grace", "Henry", "Ivy", "Jack", "Kate", "Leo", "Mia", "Noah", "Olivia", "Peter");
    private static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones",
            "Garcia", "Miller", "Davis", "Martinez", "Anderson", "Taylor", "Thomas", "Moore", "White");
    private static final List<String> DOMAINS = List.of("example.com", "example.org", "example.net", "mail.test");
    private static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "JP", "AU", "CA", "BR", "IN", "MX");
    private static final LocalDate FIRST_SIGNUP = LocalDate.of(2021, 1, 1);
    private static final int SIGNUP_DAYS = 3 * 365;

    private static final int FIRST = 1;
    private static final int LAST = 2;
    private static final int EMAIL = 3;
    private static final int AGE = 4;
    private static final int COUNTRY = 5;
    private static final int PREMIUM = 6;

    @Override
    public String name() {
        return "users";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        long userId = ordinal + 1;
        String first = Gen.pick(random, FIRST_NAMES);
        String last = Gen.pick(random, LAST_NAMES);
        row[0] = userId;
        row[FIRST] = first;
        row[LAST] = last;
        row[EMAIL] = email(first, last, userId, Gen.pick(random, DOMAINS));
        row[AGE] = random.nextInt(18, 80);
        row[COUNTRY] = Gen.pick(random, COUNTRIES);
        row[PREMIUM] = random.nextBoolean();
        row[7] = FIRST_SIGNUP.plusDays(random.nextInt(SIGNUP_DAYS));
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                String email = (String) row[EMAIL];
                String domain = email.substring(email.indexOf('@') + 1);
                row[EMAIL] = email((String) row[FIRST], (String) row[LAST], (Long) row[0],
                        Gen.pickOther(random, DOMAINS, domain));
            }
            case 1 -> {
                int age = (Integer) row[AGE];
                if (age < 79) row[AGE] = age + 1;
                else row[PREMIUM] = !(Boolean) row[PREMIUM]; // every update must change the row
            }
            case 2 -> row[COUNTRY] = Gen.pickOther(random, COUNTRIES, (String) row[COUNTRY]);
            default -> row[PREMIUM] = !(Boolean) row[PREMIUM];
        }
    }

    private static String email(String first, String last, long userId, String domain) {
        return (first + "." + last + userId + "@" + domain).toLowerCase(Locale.ROOT);
    }
}
