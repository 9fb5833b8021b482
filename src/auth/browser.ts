// Zou sets login cookies only for browsers, judged by the User-Agent's
// browser family; scripts (gazu, curl) get tokens in the body only.
const BROWSER_PATTERN = /(Mozilla\/|Chrome\/|Firefox\/|Safari\/|Opera|OPR\/|Edg\/|MSIE|Trident\/|Konqueror|Lynx|Links|SeaMonkey|Camino|Galeon|K-Meleon|AppleWebKit)/;

export function isFromBrowser(userAgent: string | undefined): boolean {
  return userAgent !== undefined && BROWSER_PATTERN.test(userAgent);
}
