package dev.g20.bench;

import dev.g20.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store bench runs (quick mode) and reports every figure; the numbers themselves are not asserted (loaded machines). */
@ExtendWith(TestPostgres.class)
class StoreBenchTest {
    @Test
    void reportsAllFigures() {
        Map<String, Object> f = StoreBench.run(TestPostgres.server().admin(), true);
        System.out.println("StoreBench (quick): " + f);
        for (String k : new String[] {"store_pg_copy_batch50_commit_ms_p50", "store_pg_copy_batch50_commit_ms_p99",
                "store_pg_multi_insert_batch1000_rows_per_s", "store_pg_batch_batch1000_rows_per_s", "store_pg_logger_rows_per_s_batch50",
                "store_sqlite_batch50_commit_ms_p50", "store_sqlite_batch1000_rows_per_s", "store_sqlite_logger_rows_per_s_batch50",
                "store_log_stalled_ns_p99", "store_log_stalled_ns_max"}) {
            assertThat(f).containsKey(k);
            assertThat(((Number) f.get(k)).doubleValue()).as(k).isPositive();
        }
        assertThat(((Number) f.get("store_log_stalled_dropped")).longValue()).isPositive();
    }
}
