import type { ControlDefinition } from "./types.js";
import { rsgControls } from "./rsg.js";
import { oocControls } from "./ooc.js";
import { abcControls } from "./abc.js";
import { iaaControls } from "./iaa.js";
import { draControls } from "./dra.js";

/** Every control psf can evaluate, by id. A test checks this matches the catalogue in both directions. */
export const CONTROLS: ReadonlyMap<string, ControlDefinition> = new Map(
  [...rsgControls, ...oocControls, ...abcControls, ...iaaControls, ...draControls].map((c) => [c.id, c]),
);
