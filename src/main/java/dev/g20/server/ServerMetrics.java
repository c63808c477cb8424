package dev.g20.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the live server: clients, rows sent and skipped, frames the encoder dropped. */
public final class ServerMetrics {
    /** WebSocket clients connected now. */
    public final AtomicInteger clients = new AtomicInteger();
    /** WebSocket connections accepted since start. */
    public final LongAdder connections = new LongAdder();
    /** Binary waterfall rows sent, all clients. */
    public final LongAdder rowsSent = new LongAdder();
    /** Rows a slow client was skipped past (never sent to it), all clients. */
    public final LongAdder rowsSkipped = new LongAdder();
    /** JSON messages sent, all clients. */
    public final LongAdder textSent = new LongAdder();
    /** JSON messages dropped because a client's queue was full of them. */
    public final LongAdder textDropped = new LongAdder();
    /** Frames the server's encoder dropped (oldest first) because it fell behind the pipeline. */
    public final LongAdder framesDropped = new LongAdder();
    /** Frames encoded for the waterfall. */
    public final LongAdder framesEncoded = new LongAdder();
    /** Config changes accepted through the REST API. */
    public final LongAdder configPuts = new LongAdder();
    /** Config changes refused (invalid, unauthorised). */
    public final LongAdder configRejected = new LongAdder();
}
