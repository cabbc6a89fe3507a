import type { Emitter } from "../driver/types.js";
import { cHeadersEmitter } from "./c-headers.js";
import { docsEmitter } from "./docs.js";
import { isaVectorsEmitter } from "./isa-vectors.js";
import { pythonEmitter } from "./python.js";
import { schemasEmitter } from "./schemas.js";
import { tsTypesEmitter } from "./ts-types.js";
import { validatorsEmitter } from "./validators.js";
import { tsConstantsEmitter } from "./ts-constants.js";

/** Every emitter, in the order they run. */
export const EMITTERS: readonly Emitter[] = [tsConstantsEmitter, schemasEmitter, tsTypesEmitter, validatorsEmitter, cHeadersEmitter, docsEmitter, pythonEmitter, isaVectorsEmitter];
