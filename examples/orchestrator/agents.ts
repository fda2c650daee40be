/**
 * The agents of the orchestrator example: a flights specialist with its own tools (booking needs
 * a person's approval), and an orchestrator that delegates to it through `asTool()`.
 */
import { Agent, type Model, tool } from "@openloop/core";
import { z } from "zod";

/** A fixed timetable, so nothing but the model needs the network. */
const FLIGHTS = [
  { flight: "OL101", from: "PAR", to: "LIS", departs: "08:10", priceEur: 89 },
  { flight: "OL205", from: "PAR", to: "LIS", departs: "17:45", priceEur: 64 },
  { flight: "OL330", from: "PAR", to: "OSL", departs: "09:30", priceEur: 120 },
];

const searchFlights = tool({
  name: "search_flights",
  description: "Flights between two airports (IATA codes)",
  parameters: z.object({ from: z.string().length(3), to: z.string().length(3) }),
  execute: ({ from, to }) => FLIGHTS.filter((f) => f.from === from && f.to === to),
});

const bookFlight = tool({
  name: "book_flight",
  description: "Book a seat on a flight",
  parameters: z.object({ flight: z.string(), passenger: z.string() }),
  // Spending money: a person decides.
  needsApproval: true,
  execute: ({ flight, passenger }) => `Booked ${flight} for ${passenger}, confirmation ${flight}-7Q2.`,
});

export function makeAgents(model: Model) {
  const flights = new Agent({
    name: "flights",
    instructions:
      "You find and book flights. Search first; book the cheapest flight that fits unless told otherwise.",
    model,
    tools: [searchFlights, bookFlight],
    maxTurns: 6,
  });
  const orchestrator = new Agent({
    name: "orchestrator",
    instructions:
      "You plan trips for the user. Delegate anything about flights to the flights tool, then " +
      "summarize what was done in one or two sentences.",
    model,
    tools: [
      flights.asTool({
        name: "flights",
        description: "A flights specialist: give it the whole request (route, date, passenger).",
      }),
    ],
    maxTurns: 6,
  });
  return { flights, orchestrator };
}
