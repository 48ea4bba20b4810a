import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { ts as TS } from "ts-morph";
import { preloadWithCodeCache } from "./code-cache.js";

/**
 * The TypeScript compiler API: the copy ts-morph bundles (in @ts-morph/common), and only that file.
 * The walk needs TypeScript's parser alone, not ts-morph's project model: requiring ts-morph itself
 * loads two more bundles (about 4 MB of JavaScript), 15 MB more heap and 22 MB more resident memory
 * for nothing the walk calls. It is loaded with require() rather than an ES import: for an ES import
 * of a CommonJS file Node first scans its source for export names (cjs-module-lexer), about 0.2 s of
 * CPU on this one. The TypeScript front end imports `ts` from here; the namespace below gives the
 * same name its types.
 */
const tsMorphCommon = createRequire(createRequire(import.meta.url).resolve("ts-morph")).resolve("@ts-morph/common");
// Compiled from V8's code cache when there is one (code-cache.ts); require() then finds it loaded.
preloadWithCodeCache(pathToFileURL(tsMorphCommon).href, "./typescript.js");
export const ts: typeof TS = createRequire(tsMorphCommon)("./typescript.js") as typeof TS;

// The compiler's types the front end names (`ts.Node`, …). A type missing here is a compile error: add it.
export declare namespace ts {
  export type NodeArray<T extends TS.Node> = TS.NodeArray<T>;
  export type ArrayLiteralExpression = TS.ArrayLiteralExpression;
  export type ArrowFunction = TS.ArrowFunction;
  export type BinaryExpression = TS.BinaryExpression;
  export type BindingName = TS.BindingName;
  export type Block = TS.Block;
  export type CallExpression = TS.CallExpression;
  export type CaseBlock = TS.CaseBlock;
  export type ClassLikeDeclaration = TS.ClassLikeDeclaration;
  export type ConditionalExpression = TS.ConditionalExpression;
  export type CreateSourceFileOptions = TS.CreateSourceFileOptions;
  export type DiagnosticWithLocation = TS.DiagnosticWithLocation;
  export type ElementAccessExpression = TS.ElementAccessExpression;
  export type ExportAssignment = TS.ExportAssignment;
  export type Expression = TS.Expression;
  export type FunctionLikeDeclaration = TS.FunctionLikeDeclaration;
  export type Identifier = TS.Identifier;
  export type IfStatement = TS.IfStatement;
  export type ImportDeclaration = TS.ImportDeclaration;
  export type IterationStatement = TS.IterationStatement;
  export type LiteralLikeNode = TS.LiteralLikeNode;
  export type NewExpression = TS.NewExpression;
  export type Node = TS.Node;
  export type NumericLiteral = TS.NumericLiteral;
  export type ObjectLiteralExpression = TS.ObjectLiteralExpression;
  export type ParameterDeclaration = TS.ParameterDeclaration;
  export type ParenthesizedExpression = TS.ParenthesizedExpression;
  export type PrefixUnaryExpression = TS.PrefixUnaryExpression;
  export type PropertyAccessExpression = TS.PropertyAccessExpression;
  export type PropertyAssignment = TS.PropertyAssignment;
  export type ScriptKind = TS.ScriptKind;
  export type SourceFile = TS.SourceFile;
  export type Statement = TS.Statement;
  export type StringLiteral = TS.StringLiteral;
  export type SyntaxKind = TS.SyntaxKind;
  export type TemplateExpression = TS.TemplateExpression;
  export type VariableDeclaration = TS.VariableDeclaration;
  export type VariableDeclarationList = TS.VariableDeclarationList;
}
