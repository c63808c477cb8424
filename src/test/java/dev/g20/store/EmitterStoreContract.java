package dev.g20.store;

import dev.g20.config.SensorDefaults;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.g20.emitter.SampleEmitters.T0;
import static dev.g20.emitter.SampleEmitters.fsk;
import static dev.g20.emitter.SampleEmitters.hopper;
import static dev.g20.emitter.SampleEmitters.later;
import static dev.g20.emitter.SampleEmitters.of;
import static org.assertj.core.api.Assertions.assertThat;

/** The emitters table, its upserts through the track logger, queries and retention, run on each backend. */
abstract class EmitterStoreContract {

    abstract StoreTarget target();

    abstract Connection connect() throws SQLException;

    /** SQL that ages every row of {@code table} by {@code days} on its time column. */
    abstract String ageSql(String table, String column, int days);

    private final List<AsyncTrackLogger> loggers = new ArrayList<>();

    AsyncTrackLogger logger() {
        return logger(1000);
    }

    AsyncTrackLogger logger(int queue) {
        AsyncTrackLogger l = AsyncTrackLogger.start(target(), new AsyncTrackLogger.Options(500, 20, queue, 20, 200, 5000));
        loggers.add(l);
        return l;
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS tracks");
            s.execute("DROP TABLE IF EXISTS emitters");
        }
    }

    @AfterEach
    void stopLoggers() {
        loggers.forEach(AsyncTrackLogger::stop);
    }

    List<Emitter> query(EmitterQuery q) {
        try (EmitterStore s = EmitterStore.open(target())) {
            return s.query(q);
        }
    }

    long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void snapshotsUpsertOneRowPerEmitterWithEveryField() throws Exception {
        Emitter open = fsk(7, 433.92e6, 1, 1.5, EmitterState.ACTIVE);
        Emitter update = later(open, 4, EmitterState.ACTIVE);
        Emitter closed = later(update, 9, EmitterState.CLOSED);
        Emitter hop = hopper(8, 2, 3, EmitterState.ACTIVE);
        AsyncTrackLogger l = logger();
        l.onEmitter(open);
        l.log(TrackLoggerContract.track(1), 1, T0, "h");
        l.onEmitter(update);
        l.onEmitter(hop);
        l.onEmitter(closed);
        l.stop();

        TrackLoggerMetrics m = l.metrics();
        assertThat(m.emittersQueued()).isEqualTo(4);
        assertThat(m.emittersWritten()).isEqualTo(4);
        assertThat(m.emittersDropped()).isZero();
        assertThat(m.written()).isEqualTo(5); // rows of both kinds
        assertThat(count("emitters")).isEqualTo(2);
        assertThat(count("tracks")).isEqualTo(1);

        List<Emitter> all = query(EmitterQuery.all());
        assertThat(all).hasSize(2);
        Emitter a = all.get(0);
        assertThat(a.emitterId()).isEqualTo(7);
        assertThat(a.state()).isEqualTo(EmitterState.CLOSED);
        assertThat(a.lastSeenNs()).isEqualTo(closed.lastSeenNs());
        assertThat(a.bursts()).isEqualTo(closed.bursts());
        // Float columns (SNR, duty) come back at float precision; the sample values are exact in float.
        assertThat(a).isEqualTo(closed);
        assertThat(a.priS()).isNull();
        assertThat(a.hopCount()).isNull();

        Emitter b = all.get(1);
        assertThat(b.sensorId()).as("an emitter without a sensor is stored under this host's").isEqualTo(SensorDefaults.id());
        assertThat(b.hopCount()).isEqualTo(60);
        assertThat(b.priS()).isEqualTo(0.04);
        assertThat(b.driftHzPerS()).isEqualTo(-1.5);
        assertThat(b.trackIds()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(b.classVotes()).containsEntry("hopper", 1.0);
    }

    @Test
    void anOlderSnapshotNeverRollsAnEmitterBack() throws Exception {
        Emitter newer = fsk(3, 433.92e6, 1, 8, EmitterState.CLOSED);
        Emitter older = later(newer, 5, EmitterState.ACTIVE);
        AsyncTrackLogger l = logger();
        l.onEmitter(newer);
        l.onEmitter(older);
        l.stop();
        Emitter stored = query(EmitterQuery.all()).getFirst();
        assertThat(stored.state()).isEqualTo(EmitterState.CLOSED);
        assertThat(stored.lastSeenNs()).isEqualTo(newer.lastSeenNs());
    }

    @Test
    void oneEmitterIdUnderTwoSensorsIsTwoRows() throws Exception {
        Emitter a = fsk(5, 433.92e6, 1, 2, EmitterState.ACTIVE);
        Emitter b = new Emitter(5, "sensor-b", a.className(), a.classVotes(), a.state(), a.firstSeenNs(), a.lastSeenNs(),
                a.firstFrameId(), a.lastFrameId(), a.freqCenterHz(), a.bandwidthHz(), a.freqMinHz(), a.freqMaxHz(),
                a.snrDbPeak(), a.snrDbMean(), a.bursts(), a.dutyCycle(), a.burstS(), null, null, null, null, null,
                a.trackIds(), null);
        AsyncTrackLogger l = logger();
        l.onEmitter(a);
        l.onEmitter(b);
        l.stop();
        assertThat(query(EmitterQuery.all().withEmitter(5L))).extracting(Emitter::sensorId).containsExactly("sensor-a", "sensor-b");
    }

    @Test
    void filtersSelectByTimeBandClassAndState() throws Exception {
        AsyncTrackLogger l = logger();
        l.onEmitter(fsk(1, 433.50e6, 0, 10, EmitterState.CLOSED));          // ISM, early
        l.onEmitter(fsk(2, 434.70e6, 100, 110, EmitterState.ACTIVE));       // ISM upper edge, late
        l.onEmitter(of(3, "cw", 433.00e6, 1e3, 50, 60, EmitterState.ACTIVE, 20)); // at the band's lower edge
        l.onEmitter(hopper(4, 20, 200, EmitterState.ACTIVE));                // 902..928 MHz
        l.stop();

        assertThat(ids(EmitterQuery.all())).containsExactly(1L, 4L, 3L, 2L);
        assertThat(ids(EmitterQuery.all().withBand(433.0e6, 434.8e6))).containsExactly(1L, 3L, 2L);
        assertThat(ids(EmitterQuery.all().withBand(434.71e6, 434.9e6))).as("overlap, not containment").containsExactly(2L);
        assertThat(ids(EmitterQuery.all().withClass("FSK"))).containsExactly(1L, 2L);
        assertThat(ids(EmitterQuery.all().withActiveOnly(true))).containsExactly(4L, 3L, 2L);
        assertThat(ids(EmitterQuery.all().withSince(T0 + 55_000_000_000L))).containsExactly(4L, 3L, 2L);
        assertThat(ids(EmitterQuery.all().withUntil(T0 + 30_000_000_000L))).containsExactly(1L, 4L);
        assertThat(ids(EmitterQuery.all().withSince(T0 + 55_000_000_000L).withUntil(T0 + 70_000_000_000L)
                .withClass("cw"))).containsExactly(3L);
        assertThat(ids(EmitterQuery.all().withLimit(2))).containsExactly(1L, 4L);
    }

    @Test
    void migrationIsIdempotentAndAddsMissingColumns() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE emitters (emitter_id BIGINT NOT NULL, sensor_id TEXT NOT NULL, class_name TEXT, "
                    + "last_seen_ns BIGINT, created_at TEXT, updated_at TEXT, PRIMARY KEY (emitter_id, sensor_id))");
        }
        AsyncTrackLogger first = logger();
        first.stop();
        AsyncTrackLogger second = logger();
        second.onEmitter(hopper(9, 1, 2, EmitterState.ACTIVE));
        second.stop();
        assertThat(second.metrics().emittersWritten()).isEqualTo(1);
        assertThat(query(EmitterQuery.all()).getFirst().hopRateHz()).isEqualTo(50.0);
    }

    @Test
    void snapshotsAfterStopAreCountedDropped() {
        AsyncTrackLogger l = logger();
        l.stop();
        l.onEmitter(fsk(1, 433.92e6, 0, 1, EmitterState.ACTIVE));
        TrackLoggerMetrics m = l.metrics();
        assertThat(m.emittersQueued()).isEqualTo(1);
        assertThat(m.emittersDropped()).isEqualTo(1);
        assertThat(m.queued()).isEqualTo(m.written() + m.dropped() + m.queueDepth());
    }

    @Test
    void retentionPrunesOldTrackRowsAndOldEmittersOnly() throws Exception {
        AsyncTrackLogger l = logger(20_000);
        for (int i = 0; i < 12_000; i++) l.log(TrackLoggerContract.track(i), i, T0 + i, "h"); // more than one delete chunk
        l.onEmitter(fsk(1, 433.92e6, 0, 1, EmitterState.CLOSED));
        l.stop();
        assertThat(l.metrics().written()).isEqualTo(12_001);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(ageSql("tracks", "created_at", 2) + " WHERE frame_id < 11000"); // stored two days ago
            s.execute(ageSql("emitters", "updated_at", 100));
        }
        AsyncTrackLogger l2 = logger();
        l2.onEmitter(fsk(2, 433.92e6, 0, 1, EmitterState.ACTIVE)); // fresh
        l2.stop();

        RetentionPruner p = new RetentionPruner(target(), Duration.ofHours(24), Duration.ofDays(90), java.time.Clock.systemUTC());
        RetentionPruner.Pruned r = p.pruneNow();
        assertThat(r.trackRows()).isEqualTo(11_000);
        assertThat(r.emitters()).isEqualTo(1);
        assertThat(count("tracks")).isEqualTo(1_000);
        assertThat(ids(EmitterQuery.all())).containsExactly(2L);
        assertThat(p.pruneNow()).isEqualTo(new RetentionPruner.Pruned(0, 0));
    }

    List<Long> ids(EmitterQuery q) {
        return query(q).stream().map(Emitter::emitterId).toList();
    }
}
