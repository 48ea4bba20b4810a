import _Ajv2020 from "ajv/dist/2020.js";
import _Ajv2019 from "ajv/dist/2019.js";
import _AjvDraft7 from "ajv";
import _addFormats from "ajv-formats";

// ajv ships CommonJS whose default export is the class itself; these casts give NodeNext the constructor type.
export const Ajv2020 = _Ajv2020 as unknown as typeof _Ajv2020.default;
export const Ajv2019 = _Ajv2019 as unknown as typeof _Ajv2019.default;
export const AjvDraft7 = _AjvDraft7 as unknown as typeof _AjvDraft7.default;
export const addFormats = _addFormats as unknown as typeof _addFormats.default;
export type { ErrorObject, ValidateFunction } from "ajv";
