/**
 * The one place where the shipped parts are put together: which source a {@code --source} spec
 * opens ({@link dev.g20.wiring.SourceRegistry}), which detector a {@code detector:} kind builds
 * ({@link dev.g20.wiring.DetectorRegistry}), which store a connection string opens
 * ({@link dev.g20.wiring.StoreRegistry}), and {@link dev.g20.wiring.Wiring} holding them for the
 * commands. Adding a source, detector or store is one registration here (docs/extending.md).
 */
package dev.g20.wiring;
