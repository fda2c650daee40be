/**
 * The example's tools, defined with zod. The weather is made up (a fixed table), so the example
 * runs anywhere; swap `execute` for a real API call.
 */
import { tool } from "@openloop/core";
import { z } from "zod";

const WEATHER: Record<string, { celsius: number; sky: string }> = {
  paris: { celsius: 21, sky: "sunny" },
  tokyo: { celsius: 27, sky: "humid, light rain" },
  reykjavik: { celsius: 6, sky: "windy" },
};

export const getWeather = tool({
  name: "get_weather",
  description: "Current weather for a city: temperature in Celsius and sky conditions.",
  parameters: z.object({
    city: z.string().describe("City name, e.g. Paris"),
  }),
  execute: async ({ city }, { signal }) => {
    signal.throwIfAborted();
    const found =
      WEATHER[
        city
          .toLowerCase()
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
      ];
    // Throwing tells the model what went wrong; it can try another city or say it does not know.
    if (found === undefined)
      throw new Error(`No weather station for "${city}". Known: Paris, Tokyo, Reykjavik.`);
    return { city, ...found };
  },
});

export const convertTemperature = tool({
  name: "convert_temperature",
  description: "Convert a temperature between Celsius and Fahrenheit.",
  parameters: z.object({
    value: z.number(),
    to: z.enum(["C", "F"]).describe("The unit to convert to"),
    decimals: z.int().min(0).max(3).optional().describe("Decimals to keep (default 0)"),
  }),
  execute: ({ value, to, decimals = 0 }) => {
    const converted = to === "F" ? (value * 9) / 5 + 32 : ((value - 32) * 5) / 9;
    return `${converted.toFixed(decimals)}°${to}`;
  },
});
