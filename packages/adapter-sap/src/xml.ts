/** XML text and attribute escaping for the messages we build by hand (no entity or CDATA tricks needed). */
export function escapeXml(value: string): string {
  // characters XML 1.0 forbids are dropped rather than sent to make the whole message fail
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
