import { constants } from 'node:os';

/** A signal the kernel knows, by canonical name and number. */
export interface SignalSpec {
  readonly name: NodeJS.Signals;
  readonly number: number;
}

const byNumber = new Map<number, NodeJS.Signals>();
for (const [name, number] of Object.entries(constants.signals)) {
  // Keep the first name for a number (SIGIOT/SIGABRT, SIGPOLL/SIGIO): os.constants lists the common one first.
  if (!byNumber.has(number)) byNumber.set(number, name as NodeJS.Signals);
}

/**
 * Parses a signal the way kill(1) and the Sun Cluster tools accept it: a symbolic name in any case,
 * with or without the `SIG` prefix (`KILL`, `sigterm`, `SIGHUP`), or a positive number (`9`).
 * Returns undefined for anything else (including 0, which is not a signal).
 */
export function parseSignal(text: string): SignalSpec | undefined {
  const trimmed = text.trim();
  if (/^[0-9]+$/.test(trimmed)) {
    const number = Number(trimmed);
    const name = byNumber.get(number);
    return name === undefined ? undefined : { name, number };
  }
  const upper = trimmed.toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
  const number = (constants.signals as Record<string, number | undefined>)[name];
  return number === undefined ? undefined : { name, number };
}

/** The number of a signal name such as `SIGTERM` (128 + this is a shell's status for a death by it). */
export function signalNumber(name: NodeJS.Signals): number {
  return constants.signals[name];
}
