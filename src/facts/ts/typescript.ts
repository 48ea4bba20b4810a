import type { ts as TS } from "ts-morph";
import { loadTypeScript } from "./load-typescript.js";

/** The TypeScript compiler API the front end uses (see load-typescript.ts); the namespace below gives the same name its types. */
export const ts: typeof TS = loadTypeScript();

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
