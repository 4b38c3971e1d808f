package org.ledgerline.platform.bench;

/** Benchmark data written in bulk: ProductCreated events as the platform's Jackson serializer stores them. */
final class CliReplayBenchmarkSql {

    /** Inserts {@code ?} ProductCreated events, each the first event of a new product. */
    static final String PRODUCTS_CREATED = """
            INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                          payload, payloadtype, payloadrevision, timestamp)
            SELECT id::text, 0, 'Product', gen_random_uuid()::text, convert_to('{}', 'UTF8'),
                   convert_to('{"productId":{"value":"' || id || '"},"sku":"BENCH-' || id || '","name":"Bench '
                              || n || '","price":{"amount":9.90,"currency":"EUR"},"initialStock":4}', 'UTF8'),
                   'product.ProductCreated', '1',
                   to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ?) AS n) AS products
            """;

    private CliReplayBenchmarkSql() {}
}
