/** Percentiles, process memory and CPU from /proc, formatting. */
import { readFileSync } from 'node:fs';

export function must<T>(x: T | undefined | null): T {
  if (x === undefined || x === null) throw new Error('missing value');
  return x;
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Stats = {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return {
    n: s.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1] ?? NaN,
  };
}
/** The middle value (the lower of the two middle ones when their number is even). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

export const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

export function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
/** utime + stime of a process, in milliseconds. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
  } catch {
    return NaN;
  }
}
export const MiB = (b: number) => f(b / 2 ** 20, 1);

/** Samples a process's VmRSS every `everyMs` until stopped; returns the peak. */
export function rssPeak(pid: number, everyMs = 50): { stop(): number } {
  let peak = procStatus(pid, 'VmRSS');
  const timer = setInterval(() => (peak = Math.max(peak, procStatus(pid, 'VmRSS'))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, procStatus(pid, 'VmRSS'));
    },
  };
}
