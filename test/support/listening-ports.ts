import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A'; // TCP_LISTEN in /proc/net/tcp's `st` column

/**
 * The TCP ports a process listens on, read from Linux's /proc: its socket inodes (from its file descriptors) matched
 * against the listening sockets of /proc/net/tcp and tcp6. A test can then say that nothing else listens, which no
 * connection attempt to a guessed port can.
 */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter(Boolean);
      } catch {
        return []; // closed between the listing and the read
      }
    }),
  );
  const ports = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[3] === LISTEN && inodes.has(columns[9]))
      .map((columns) => parseInt(columns[1].split(':')[1], 16)),
  );
  return [...new Set(ports)].sort((a, b) => a - b);
}
