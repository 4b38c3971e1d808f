package org.ledgerline.projections.products;

import static org.ledgerline.projections.jooq.Tables.PRODUCTS;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.ledgerline.http.Access;
import org.ledgerline.http.MoneyBody;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.projections.config.ReadModelProcessor;
import org.ledgerline.projections.progress.ReadYourWrites;
import org.ledgerline.projections.web.Cursors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog as customers browse it: search by name or SKU, pages in name order. Any signed-in user. */
@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products")
@Access(Access.Rule.AUTHENTICATED)
class ProductQueryController {

    private final DSLContext sql;
    private final ReadYourWrites readYourWrites;

    ProductQueryController(DSLContext sql, ReadYourWrites readYourWrites) {
        this.sql = sql;
        this.readYourWrites = readYourWrites;
    }

    record ProductView(
            UUID productId,
            String sku,
            String name,
            MoneyBody price,
            int available,
            int reserved,
            boolean discontinued) {}

    @Schema(name = "ProductPage")
    record Page(List<ProductView> items, @Nullable String nextCursor) {}

    @GetMapping("/{productId}")
    @Operation(summary = "One product")
    ProductView product(
            @PathVariable UUID productId,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        Record row = sql.selectFrom(PRODUCTS)
                .where(PRODUCTS.PRODUCT_ID.eq(productId))
                .fetchOne();
        if (row == null) {
            throw new NotFoundException("No product " + productId);
        }
        return view(row);
    }

    @GetMapping
    @Operation(
            summary = "Search products",
            description = "q matches name or SKU, case-insensitively; pages in name "
                    + "order; pass nextCursor as cursor; limit 1 to 200 (default 50).")
    Page products(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        Cursors.requireLimit(limit);
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        Condition where = DSL.noCondition();
        if (q != null && !q.isBlank()) {
            String pattern = "%"
                    + q.trim()
                            .toLowerCase(Locale.ROOT)
                            .replace("\\", "\\\\")
                            .replace("%", "\\%")
                            .replace("_", "\\_") + "%";
            where = where.and(PRODUCTS.SEARCH_NAME
                    .like(pattern, '\\')
                    .or(DSL.lower(PRODUCTS.SKU).like(pattern, '\\')));
        }
        if (cursor != null && !cursor.isBlank()) {
            List<String> after = Cursors.decode(cursor, 2);
            UUID afterId;
            try {
                afterId = UUID.fromString(after.get(1));
            } catch (IllegalArgumentException e) {
                throw new org.ledgerline.kernel.InvalidCommandException("cursor is not one this API returned");
            }
            where = where.and(DSL.row(PRODUCTS.SEARCH_NAME, PRODUCTS.PRODUCT_ID).gt(after.get(0), afterId));
        }
        List<? extends Record> rows = sql.selectFrom(PRODUCTS)
                .where(where)
                .orderBy(PRODUCTS.SEARCH_NAME, PRODUCTS.PRODUCT_ID)
                .limit(limit + 1)
                .fetch();
        boolean more = rows.size() > limit;
        List<? extends Record> page = more ? rows.subList(0, limit) : rows;
        String next = more
                ? Cursors.encode(
                        page.getLast().get(PRODUCTS.SEARCH_NAME),
                        page.getLast().get(PRODUCTS.PRODUCT_ID).toString())
                : null;
        return new Page(page.stream().map(ProductQueryController::view).toList(), next);
    }

    private static ProductView view(Record row) {
        return new ProductView(
                row.get(PRODUCTS.PRODUCT_ID),
                row.get(PRODUCTS.SKU),
                row.get(PRODUCTS.NAME),
                new MoneyBody(
                        row.get(PRODUCTS.PRICE_AMOUNT)
                                .setScale(row.get(PRODUCTS.PRICE_SCALE), RoundingMode.UNNECESSARY),
                        row.get(PRODUCTS.CURRENCY)),
                row.get(PRODUCTS.AVAILABLE),
                row.get(PRODUCTS.RESERVED),
                row.get(PRODUCTS.DISCONTINUED));
    }
}
