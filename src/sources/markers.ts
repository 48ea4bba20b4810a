/**
 * Words that make psf read a TypeScript/JavaScript file's text again after the facts walk: inline
 * waivers (controls/waivers.ts) and Helicone rate-limit headers (controls/gateway/helicone.ts). The
 * walk lets every other text go (sources/collect.ts releaseText) and those readers skip a released
 * text, so the walk's keep-rule (facts/extract.ts) and the readers take the words from here: a word
 * changed in one place cannot leave the other silently reading nothing.
 */
export const WAIVER_MARKER = "psf-waive";
export const HELICONE_POLICY_HEADER = "helicone-ratelimit-policy";

/** A file whose text holds one of these (any case) is read again after its walk. */
export const READ_AFTER_WALK = new RegExp(`${WAIVER_MARKER}|${HELICONE_POLICY_HEADER}`, "i");
