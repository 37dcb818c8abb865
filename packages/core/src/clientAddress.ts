/**
 * The address of the client an HTTP request came from, for keying a throttle or a rejection budget: the socket's, or,
 * when the server is told it sits behind a reverse proxy (`trustProxy`), the last X-Forwarded-For hop. The proxy
 * appends the address it saw to whatever the client sent, so only the last hop is the proxy's word: the earlier ones
 * are the client's own, and keying on them would let a forged header buy a fresh count per request, or block another
 * client's address. Without `trustProxy` the header is ignored (a client reaching the server directly writes it as it
 * likes); with it and no usable last hop, the socket's address. Node joins repeated headers with ", ", so the last hop
 * is still the last one the proxy added. Used by the studio's login throttle and the billing webhook's rejections.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean): string | undefined {
  if (!trustProxy) return socketAddress;
  const last = forwardedFor?.split(',').at(-1)?.trim();
  return last ? last : socketAddress;
}
