package dev.g20.alert;

import dev.g20.emitter.Emitter;

/** One firing of a rule for an emitter. */
public record Alert(String rule, AlertWhen when, Emitter emitter) {
}
