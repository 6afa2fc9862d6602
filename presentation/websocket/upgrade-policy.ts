import { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export interface UpgradePolicyOptions {
  /** Origins a browser page may open sockets from; empty: any (set it where browsers connect directly). */
  readonly allowedOrigins: readonly string[];
  /** v1 (`?user=` taken on trust) from these addresses or networks only (position-pal's gateway); empty: from anyone. */
  readonly v1TrustedProxies: readonly string[];
  /** v1 switched off (where only v2, with its signed tokens, is used). */
  readonly v1Enabled: boolean;
}

export type UpgradeVerdict = { readonly admitted: true } | { readonly admitted: false; readonly status: 403 | 404; readonly text: string };

/**
 * Who may open a WebSocket: a browser page only from an allowed origin (a socket is not bound by the same-origin
 * policy, so any page a user visits could otherwise open one as that user), and v1, whose user is whatever `?user=`
 * says, only from the proxies that set it.
 */
export class UpgradePolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly proxies?: BlockList;

  constructor(private readonly options: UpgradePolicyOptions) {
    this.origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase()));
    if (options.v1TrustedProxies.length > 0) {
      const proxies = new BlockList();
      for (const entry of options.v1TrustedProxies) addAddressOrSubnet(proxies, entry);
      this.proxies = proxies;
    }
  }

  /** For either protocol: the Origin, when a browser sends one. */
  admitsOrigin(request: IncomingMessage): UpgradeVerdict {
    const origin = request.headers.origin;
    if (this.origins.size === 0 || origin === undefined || this.origins.has(origin.toLowerCase())) return { admitted: true };
    return { admitted: false, status: 403, text: 'Forbidden' };
  }

  /** For v1: switched on, from a trusted proxy, and from an allowed origin. */
  admitsV1(request: IncomingMessage): UpgradeVerdict {
    if (!this.options.v1Enabled) return { admitted: false, status: 404, text: 'Not Found' };
    const address = normalized(request.socket.remoteAddress ?? '');
    if (this.proxies && !(isIP(address) && this.proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'))) {
      return { admitted: false, status: 403, text: 'Forbidden' };
    }
    return this.admitsOrigin(request);
  }
}

/** `10.0.0.7`, `10.0.0.0/8`, `::1` or `fd00::/8`; the configuration validated it. */
export function addAddressOrSubnet(list: BlockList, entry: string): void {
  const [address, prefix] = entry.split('/');
  const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(prefix), type);
}

/** An IPv4 peer on a dual-stack socket shows as `::ffff:a.b.c.d`. */
function normalized(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
