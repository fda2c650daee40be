import { describe, expect, it } from "vitest";
import type { RunEvent } from "../events/run-event.js";
import { EventChannel, HIGH_WATER_MARK } from "./channel.js";

const event = (turn: number) => ({ type: "turn.started", turn, request: {} }) as RunEvent<unknown>;

describe("EventChannel", () => {
  it("delivers events in order, to a waiting reader and from the buffer, then ends", async () => {
    const channel = new EventChannel();
    channel.startIterating();
    const waiting = channel.next();
    channel.push(event(1));
    channel.push(event(2));
    expect(await waiting).toEqual({ value: event(1), done: false });
    expect(await channel.next()).toEqual({ value: event(2), done: false });
    channel.close();
    expect(await channel.next()).toEqual({ value: undefined, done: true });
    channel.push(event(3));
    expect((await channel.next()).done).toBe(true);
  });

  it("buffers everything, never holding the producer back, while nobody iterates", () => {
    const channel = new EventChannel();
    for (let i = 0; i < HIGH_WATER_MARK * 4; i++) {
      channel.push(event(i));
      expect(channel.ready()).toBeUndefined();
    }
  });

  it("holds the producer back while an iterating consumer is behind, and releases it as it reads", async () => {
    const channel = new EventChannel();
    channel.startIterating();
    for (let i = 0; i < HIGH_WATER_MARK; i++) channel.push(event(i));
    const wait = channel.ready();
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait!.then(() => {
      released = true;
    });
    for (let i = 0; i < HIGH_WATER_MARK / 2 - 1; i++) await channel.next();
    await Promise.resolve();
    expect(released).toBe(false);
    await channel.next();
    await wait;
    expect(released).toBe(true);
    expect(channel.ready()).toBeUndefined();
  });

  it("releases a held-back producer when the consumer leaves or the channel closes", async () => {
    const channel = new EventChannel();
    channel.startIterating();
    for (let i = 0; i < HIGH_WATER_MARK; i++) channel.push(event(i));
    const wait = channel.ready();
    channel.stopIterating();
    await wait;
    expect(channel.ready()).toBeUndefined();

    const closing = new EventChannel();
    closing.startIterating();
    for (let i = 0; i < HIGH_WATER_MARK; i++) closing.push(event(i));
    const held = closing.ready();
    closing.close();
    await held;
    // Buffered events are still delivered after close.
    expect((await closing.next()).value).toEqual(event(0));
  });
});
