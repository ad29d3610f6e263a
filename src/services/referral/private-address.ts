// Loopback, private and link-local addresses belong to the operator's own infrastructure (its
// proxy, its machines), not to a visitor or a partner: two requests from such an address are no
// evidence that they came from the same person.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const internal = new BlockList();
internal.addSubnet('127.0.0.0', 8, 'ipv4');
internal.addSubnet('10.0.0.0', 8, 'ipv4');
internal.addSubnet('172.16.0.0', 12, 'ipv4');
internal.addSubnet('192.168.0.0', 16, 'ipv4');
internal.addSubnet('169.254.0.0', 16, 'ipv4');
internal.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT, also used inside clouds
internal.addAddress('::1', 'ipv6');
internal.addSubnet('fc00::', 7, 'ipv6');
internal.addSubnet('fe80::', 10, 'ipv6');

export function isInternalAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return internal.check(mapped[1], 'ipv4');
  if (isIPv4(ip)) return internal.check(ip, 'ipv4');
  if (isIPv6(ip)) return internal.check(ip, 'ipv6');
  return false;
}
