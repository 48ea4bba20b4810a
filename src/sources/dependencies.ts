import { normalise, type Ecosystem } from "./ai-packages.js";
import { escapeRegExp, lineAt } from "../util/text.js";
import { isNotebook, notebookCodeLines } from "./notebook.js";

/**
 * Light readers for dependency manifests: the names a project declares, their versions, and the
 * line each is declared on. They read text only and never fail: a file they cannot make sense of
 * declares nothing (the inventory still lists it as read).
 */
export interface Declared {
  name: string;
  ecosystem: Ecosystem;
  version?: string;
  line: number;
}

export interface ManifestRead {
  declared: Declared[];
  /** Exact versions from lock files, by name. */
  locked: Map<string, string>;
  /** The project's own package names (workspaces), never third-party packages. */
  own: string[];
}

type Reader = (text: string) => ManifestRead;

const empty = (): ManifestRead => ({ declared: [], locked: new Map(), own: [] });



const packageJson: Reader = (text) => {
  const out = empty();
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return out;
  }
  if (!data || typeof data !== "object") return out;
  if (typeof data.name === "string") out.own.push(data.name);
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const deps = data[field];
    if (!deps || typeof deps !== "object") continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      const m = new RegExp(`"${escapeRegExp(name)}"\\s*:`).exec(text);
      out.declared.push({ name, ecosystem: "npm", ...(typeof range === "string" ? { version: range } : {}), line: m ? lineAt(text, m.index) : 1 });
    }
  }
  return out;
};

const packageLock: Reader = (text) => {
  const out = empty();
  try {
    const data = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
    for (const [key, v] of Object.entries(data.packages ?? {})) {
      const at = key.lastIndexOf("node_modules/");
      if (at !== -1 && v?.version) out.locked.set(key.slice(at + "node_modules/".length), v.version);
    }
    for (const [name, v] of Object.entries(data.dependencies ?? {})) if (v?.version && !out.locked.has(name)) out.locked.set(name, v.version);
  } catch {
    /* not JSON: declares nothing */
  }
  return out;
};

/** `name[extra]>=1.0; marker` → name and, for `==`, the version. */
const PEP508 = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:===?\s*([A-Za-z0-9.*+!_-]+))?/;

/**
 * requirements*.txt / *.in. A file compiled by pip-compile or `uv pip compile` says under each pin what
 * required it (`# via agno`, or `# via` then `#   tokenizers` lines); a pin required only by other
 * packages is not a dependency the project declares but one of theirs, so it is read as a lock entry
 * (its version), never as declared: telling the operator to remove it would break the install. A pin
 * required by a requirements file (`# via -r requirements.in`) or the project (`# via app (pyproject.toml)`)
 * is declared.
 */
const requirements: Reader = (text) => {
  const out = empty();
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line || line.startsWith("-") || line.includes("://")) return;
    const m = PEP508.exec(line);
    if (!m) return;
    if (m[2] && onlyViaPackages(lines, i + 1)) out.locked.set(normalise("pypi", m[1]!), m[2]);
    else out.declared.push({ name: m[1]!, ecosystem: "pypi", ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
  });
  return out;
};

/** A package name as a `# via` annotation names what required a pin (anything else: `-r file`, `app (pyproject.toml)`). */
const VIA_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Whether the `# via` comment lines from `from` on name only other packages (none: a hand-written file). */
function onlyViaPackages(lines: readonly string[], from: number): boolean {
  const via: string[] = [];
  let open = false;
  for (let j = from; j < lines.length; j++) {
    const c = /^\s*#\s?(.*)$/.exec(lines[j]!);
    if (!c) break;
    const body = c[1]!.trim();
    const head = /^via\b\s*(.*)$/.exec(body);
    if (head) {
      open = true;
      if (head[1]) via.push(head[1].trim());
    } else if (open && body) via.push(body);
  }
  return via.length > 0 && via.every((v) => VIA_PACKAGE.test(v));
}

/** TOML, as far as dependency lists go: section headers, `key = …` and quoted strings in arrays. */
const pyproject: Reader = (text) => {
  const out = empty();
  let section = "";
  let inArray = false;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\s#.*$/, "").trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      inArray = false;
      return;
    }
    const add = (spec: string) => {
      const m = PEP508.exec(spec);
      if (m && m[1]!.toLowerCase() !== "python") out.declared.push({ name: m[1]!, ecosystem: "pypi", ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
    };
    const strings = () => [...line.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]!);
    if (section === "project" && /^name\s*=/.test(line)) out.own.push(strings()[0] ?? "");
    const listSection = section === "project" || section === "project.optional-dependencies" || section === "dependency-groups";
    if (listSection && (/^(dependencies|[\w-]+)\s*=\s*\[/.test(line) && (section !== "project" || /^dependencies\s*=/.test(line)))) {
      const after = line.slice(line.indexOf("[") + 1);
      for (const s of [...after.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]!)) add(s);
      inArray = !line.includes("]");
      return;
    }
    if (inArray) {
      for (const s of strings()) add(s);
      if (line.includes("]")) inArray = false;
      return;
    }
    if (/^tool\.poetry(\.group\.[^.]+)?\.(dev-)?dependencies$/.test(section)) {
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(?:"([^"]*)")?/.exec(line);
      if (m && m[1]!.toLowerCase() !== "python") out.declared.push({ name: m[1]!, ecosystem: "pypi", ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
    }
    if (section === "tool.poetry" && /^name\s*=/.test(line)) out.own.push(strings()[0] ?? "");
  });
  return out;
};

/** Pipfile: keys of [packages] and [dev-packages]. */
const pipfile: Reader = (text) => {
  const out = empty();
  let section = "";
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\s#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) return void (section = header[1]!);
    if (section !== "packages" && section !== "dev-packages") return;
    const m = /^"?([A-Za-z0-9][A-Za-z0-9._-]*)"?\s*=\s*(?:"==?([^"]*)")?/.exec(line);
    if (m) out.declared.push({ name: m[1]!, ecosystem: "pypi", ...(m[2] && m[2] !== "*" ? { version: m[2] } : {}), line: i + 1 });
  });
  return out;
};

/** setup.cfg: the indented lines under `install_requires =`. */
const setupCfg: Reader = (text) => {
  const out = empty();
  let inList = false;
  text.split("\n").forEach((raw, i) => {
    if (/^install_requires\s*=/.test(raw)) {
      inList = true;
      const rest = raw.split("=").slice(1).join("=").trim();
      if (rest) requirements(rest).declared.forEach((d) => out.declared.push({ ...d, line: i + 1 }));
      return;
    }
    if (inList && /^\s+\S/.test(raw)) {
      const m = PEP508.exec(raw.trim());
      if (m) out.declared.push({ name: m[1]!, ecosystem: "pypi", ...(m[2] ? { version: m[2] } : {}), line: i + 1 });
    } else if (inList && raw.trim()) inList = false;
  });
  return out;
};

/** uv.lock and poetry.lock: `[[package]]` tables with name and version (versions only). */
const tomlLock: Reader = (text) => {
  const out = empty();
  let name: string | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "[[package]]") name = undefined;
    const n = /^name\s*=\s*"([^"]+)"/.exec(line);
    if (n) name = n[1];
    const v = /^version\s*=\s*"([^"]+)"/.exec(line);
    if (v && name && !out.locked.has(name)) out.locked.set(normalise("pypi", name), v[1]!);
  }
  return out;
};

const goMod: Reader = (text) => {
  const out = empty();
  let block = false;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (/^module\s+(\S+)/.test(line)) out.own.push(/^module\s+(\S+)/.exec(line)![1]!);
    if (line === "require (") return void (block = true);
    if (block && line === ")") return void (block = false);
    const m = (block ? /^(\S+)\s+(v\S+)/ : /^require\s+(\S+)\s+(v\S+)/).exec(line);
    if (m) out.declared.push({ name: m[1]!, ecosystem: "other", version: m[2]!, line: i + 1 });
  });
  return out;
};

const cargoToml: Reader = (text) => {
  const out = empty();
  let section = "";
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\s#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) return void (section = header[1]!);
    if (!/(^|\.)(dev-|build-)?dependencies$/.test(section)) return;
    const m = /^([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|\{.*version\s*=\s*"([^"]*)")?/.exec(line);
    if (m) out.declared.push({ name: m[1]!, ecosystem: "other", ...(m[2] ?? m[3] ? { version: (m[2] ?? m[3])! } : {}), line: i + 1 });
  });
  return out;
};

/** Regex readers for the XML, Groovy, Ruby and PHP manifests: one pattern each, name (and version) groups. */
function patternReader(re: RegExp, nameOf: (m: RegExpExecArray) => string, versionOf?: (m: RegExpExecArray) => string | undefined): Reader {
  return (text) => {
    const out = empty();
    for (const m of text.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))) {
      const version = versionOf?.(m as RegExpExecArray);
      out.declared.push({ name: nameOf(m as RegExpExecArray), ecosystem: "other", ...(version ? { version } : {}), line: lineAt(text, m.index ?? 0) });
    }
    return out;
  };
}

const pomXml = patternReader(/<dependency>\s*<groupId>([^<]+)<\/groupId>\s*<artifactId>([^<]+)<\/artifactId>(?:\s*<version>([^<]+)<\/version>)?/, (m) => `${m[1]!.trim()}:${m[2]!.trim()}`, (m) => m[3]?.trim());
const gradle = patternReader(/(?:implementation|api|compile|runtimeOnly)\s*\(?\s*["']([\w.-]+):([\w.-]+):?([\w.+-]*)["']/, (m) => `${m[1]}:${m[2]}`, (m) => m[3] || undefined);
const csproj = patternReader(/<PackageReference\s+Include="([^"]+)"(?:\s+Version="([^"]+)")?/, (m) => m[1]!, (m) => m[2]);
const gemfile = patternReader(/^\s*gem\s+["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/m, (m) => m[1]!, (m) => m[2]);
const composerJson: Reader = (text) => {
  const out = empty();
  try {
    const data = JSON.parse(text) as { require?: Record<string, string>; "require-dev"?: Record<string, string> };
    for (const deps of [data.require, data["require-dev"]]) {
      for (const [name, version] of Object.entries(deps ?? {})) {
        const m = new RegExp(`"${escapeRegExp(name)}"\\s*:`).exec(text);
        out.declared.push({ name, ecosystem: "other", version, line: m ? lineAt(text, m.index) : 1 });
      }
    }
  } catch {
    /* declares nothing */
  }
  return out;
};

/** `pip install` as a notebook runs it: `%pip`, `!pip`, `!python -m pip`, `!uv pip`, or bare in a shell cell or by automagic. */
const PIP_INSTALL = /^\s*(?:[!%]\s*)?(?:python3?\s+-m\s+)?(?:uv\s+)?pip3?\s+install\s+(.+)$/;
/** pip options followed by a value that is not a package (`-r requirements.txt`, `--index-url …`). */
const PIP_VALUE_OPTION = /^(-[rcieft]|--(requirement|constraint|index-url|extra-index-url|editable|find-links|target|prefix|root|src|upgrade-strategy|platform|python-version|implementation|abi))$/;

/**
 * A Jupyter notebook's `%pip install` lines: the versions it pins (`==`) for the packages it installs
 * before its code runs, read as a lock file's (framework defaults follow them). A notebook declares
 * nothing: a tutorial's install line names packages whose modules go by other names
 * (`anthropic-haystack` is imported as `haystack_integrations`), which would read as declared and
 * never imported.
 */
const notebookPip: Reader = (text) => {
  const out = empty();
  // Most notebooks pin nothing: those are not parsed again.
  if (!/pip3?\s+install\b[^\n]*==/.test(text)) return out;
  for (const { text: code } of notebookCodeLines(text)) {
    const m = PIP_INSTALL.exec(code);
    if (!m) continue;
    const words = m[1]!.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    for (let k = 0; k < words.length; k++) {
      const word = words[k]!.replace(/^(["'])(.*)\1$/, "$2");
      if (/^(&&|\|\|?|;|#|>|2>)/.test(word)) break;
      if (word.startsWith("-")) {
        if (PIP_VALUE_OPTION.test(word)) k++;
        continue;
      }
      // A path, a URL, a wheel or a shell variable is not a name the package table knows.
      if (/[/\\$]|\.whl$|^\./.test(word)) continue;
      const p = PEP508.exec(word);
      if (p?.[2]) out.locked.set(normalise("pypi", p[1]!), p[2]);
    }
  }
  return out;
};

/** The reader for a file name, or undefined when the file is not a dependency manifest. */
export function dependencyReader(basename: string): Reader | undefined {
  if (basename === "package.json") return packageJson;
  if (basename === "package-lock.json") return packageLock;
  if (/^requirements.*\.(txt|in)$/.test(basename)) return requirements;
  if (basename === "pyproject.toml") return pyproject;
  if (basename === "Pipfile") return pipfile;
  if (basename === "setup.cfg") return setupCfg;
  if (basename === "uv.lock" || basename === "poetry.lock") return tomlLock;
  if (basename === "go.mod") return goMod;
  if (basename === "Cargo.toml") return cargoToml;
  if (basename === "pom.xml") return pomXml;
  if (/^build\.gradle(\.kts)?$/.test(basename)) return gradle;
  if (basename.endsWith(".csproj")) return csproj;
  if (basename === "Gemfile") return gemfile;
  if (basename === "composer.json") return composerJson;
  if (isNotebook(basename)) return notebookPip;
  return undefined;
}
