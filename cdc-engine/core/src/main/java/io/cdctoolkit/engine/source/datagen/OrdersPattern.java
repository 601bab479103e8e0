package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code orders}: e-commerce orders born {@code pending}; an update moves the status along its
 * lifecycle (pending → confirmed or cancelled → processing → shipped → delivered), and once an order is
 * delivered or cancelled, further updates adjust its quantity and total.
 */
final class OrdersPattern implements DatagenPattern {

    private static final List<String> STATUSES =
            List.of("pending", "confirmed", "processing", "shipped", "delivered", "cancelled");
    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("order_id", FieldType.INT64, "primary key: 1, 2, 3, … in insert order"),
            DatagenPattern.column("customer_id", FieldType.INT64, "1 to 10000"),
            DatagenPattern.column("product", FieldType.STRING, "a product name"),
            DatagenPattern.column("quantity", FieldType.INT32, "1 to 9"),
            DatagenPattern.column("unit_price", new FieldType.Decimal(10, 2), "5.00 to 499.99"),
            DatagenPattern.column("total_amount", new FieldType.Decimal(12, 2), "unit_price × quantity"),
            DatagenPattern.column("currency", FieldType.STRING, "USD, EUR, GBP, JPY or AUD"),
            DatagenPattern.column("status", new FieldType.Enum(STATUSES), "order lifecycle state"),
            DatagenPattern.column("created_at", FieldType.TIMESTAMP_TZ, "event time of the insert"),
            DatagenPattern.column("updated_at", FieldType.TIMESTAMP_TZ, "event time of the last change"));
    private static final List<String> PRODUCTS = List.of("Widget Pro", "Gadget X", "Super Tool", "Mega Device",
            "Ultra Kit", "Power Pack", "Smart Hub", "Data Box", "Cloud Unit", "Sync Module");
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY", "AUD");

    private static final int QUANTITY = 3;
    private static final int UNIT_PRICE = 4;
    private static final int TOTAL = 5;
    private static final int STATUS = 7;
    private static final int UPDATED_AT = 9;

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        int quantity = random.nextInt(1, 10);
        BigDecimal unitPrice = BigDecimal.valueOf(random.nextLong(500, 50_000), 2);
        row[0] = ordinal + 1;
        row[1] = random.nextLong(1, 10_001);
        row[2] = Gen.pick(random, PRODUCTS);
        row[QUANTITY] = quantity;
        row[UNIT_PRICE] = unitPrice;
        row[TOTAL] = unitPrice.multiply(BigDecimal.valueOf(quantity));
        row[6] = Gen.pick(random, CURRENCIES);
        row[STATUS] = "pending";
        row[8] = at;
        row[UPDATED_AT] = at;
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        String status = (String) row[STATUS];
        switch (status) {
            case "pending" -> row[STATUS] = random.nextInt(10) == 0 ? "cancelled" : "confirmed";
            case "confirmed" -> row[STATUS] = "processing";
            case "processing" -> row[STATUS] = "shipped";
            case "shipped" -> row[STATUS] = "delivered";
            default -> {
                int quantity = random.nextInt(1, 10);
                row[QUANTITY] = quantity;
                row[TOTAL] = ((BigDecimal) row[UNIT_PRICE]).multiply(BigDecimal.valueOf(quantity));
            }
        }
        row[UPDATED_AT] = at;
    }
}
