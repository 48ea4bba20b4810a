import { ts } from "./typescript.js";
import { UNKNOWN, type Sym } from "../sym.js";
import { resolveSpecifier } from "./parse.js";
import { collectNames } from "./syntax.js";
import { Evaluator } from "./evaluate.js";
import { own } from "./detach.js";

const K = ts.SyntaxKind;
const { canHaveModifiers, factory, getModifiers, isExportAssignment, isExportDeclaration, isFunctionDeclaration, isNamespaceExport, isStringLiteral, isVariableStatement } = ts;

/** A file's exports, as Syms: what other files' imports of it resolve to (sym.ts resolve). */
export abstract class ExportCollector extends Evaluator {
  protected collectExports(): void {
    const ex = this.ir.exports;
    for (const st of this.sf.statements) {
      const exported = canHaveModifiers(st) && getModifiers(st)?.some((m) => m.kind === K.ExportKeyword);
      if (isVariableStatement(st) && exported) {
        for (const d of st.declarationList.declarations) {
          const names: string[] = [];
          collectNames(d.name, names);
          for (const n of names) ex.names.set(n, this.evalName(n));
        }
      } else if (isFunctionDeclaration(st) && exported) {
        const isDefault = getModifiers(st)?.some((m) => m.kind === K.DefaultKeyword);
        const sym: Sym = { k: "fnref", id: this.fnId(st) };
        if (st.name) ex.names.set(st.name.text, sym);
        if (isDefault) ex.names.set("default", sym);
      } else if (isExportAssignment(st)) {
        ex.names.set("default", this.eval(st.expression));
      } else if (isExportDeclaration(st)) {
        const from = st.moduleSpecifier && isStringLiteral(st.moduleSpecifier) ? resolveSpecifier(this.path, st.moduleSpecifier.text, this.files) : undefined;
        if (!st.exportClause) {
          if (from?.project) ex.star.push(from.module);
          continue;
        }
        if (isNamespaceExport(st.exportClause)) {
          if (from) ex.names.set(own(st.exportClause.name.text), { k: "import", module: from.module, name: "*", project: from.project });
          continue;
        }
        for (const el of st.exportClause.elements) {
          const local = own((el.propertyName ?? el.name).text);
          ex.names.set(own(el.name.text), from ? { k: "import", module: from.module, name: local, project: from.project } : this.evalName(local));
        }
      }
    }
  }

  /** A top-level name's value (the walk is over: only the top level is in view). */
  protected evalName(name: string): Sym {
    if (!this.scopes.get(name)) return UNKNOWN(name, "not found");
    return this.evalIdent(factory.createIdentifier(name));
  }
}
