/**
 * @module pool/rss — resident memory of a worker process, read from the outside.
 *
 * On Linux the parent reads `/proc/<pid>/status` itself, so a worker cannot lie about its memory
 * (it runs hostile code). Elsewhere the worker reports its RSS on a heartbeat instead.
 */
import { readFile } from "node:fs/promises";

/** Whether RSS can be read from outside on this platform. */
export const CAN_READ_RSS = process.platform === "linux";

/** Resident set size of `pid` in bytes, or `null` when the process is gone or unreadable. */
export async function readRss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    // "VmRSS:	   44608 kB" — in kB whatever the page size.
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
