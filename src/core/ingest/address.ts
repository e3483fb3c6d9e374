import ipaddr from 'ipaddr.js';

/**
 * Whether the bot may connect to an address. Only global unicast addresses are allowed: loopback, private
 * (10/8, 172.16/12, 192.168/16), link-local (169.254/16 with the cloud metadata service 169.254.169.254, fe80::/10),
 * unique-local (fc00::/7, where fd00:ec2::254 lives), carrier-grade NAT (100.64/10), multicast, reserved,
 * unspecified and broadcast ranges are refused, and so are IPv6 forms that carry an IPv4 address (mapped
 * ::ffff:a.b.c.d is judged by its IPv4 address; NAT64, 6to4 and Teredo are refused outright).
 * Returns undefined when allowed, else the name of the range.
 */
export function blockedRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** True when the address is public and may be reached. */
export function isPublicAddress(address: string): boolean {
  return blockedRange(address) === undefined;
}
