/** Prints where two packages resolve from: one of ours and one that also exports a `source` condition. */
process.stdout.write(
  `${JSON.stringify({ protocol: import.meta.resolve("@openloop/protocol"), esp: import.meta.resolve("eventsource-parser") })}\n`,
);
