import { expect } from "vitest";
import { pyRecognizerTester } from "./tester.js";

// Cases from reading psf's findings on public Python agent projects by hand (issue 12 item 5):
// each is a pattern real code uses that psf got wrong or missed.

pyRecognizerTester("module resolution in real layouts", {
  valid: [
    {
      name: "a subpackage named agents inside a package does not shadow the OpenAI Agents SDK",
      code: {
        "__init__.py": ``,
        "agents/__init__.py": ``,
        "agents/planner.py": `from agents import Agent\nplanner = Agent(name="planner", instructions="plan")\n`,
        "manager.py": `from agents import Runner\nfrom .agents.planner import planner\nasync def go(q):\n    return await Runner.run(planner, q)\n`,
      },
      expect: { agentRuns: [{ framework: "openai-agents", loc: { file: "manager.py", line: 4 } }] },
    },
  ],
  invalid: [
    {
      name: "a script folder's own agents package (no __init__.py beside it) is still the project's",
      code: {
        "agents/__init__.py": `def Runner():\n    pass\n`,
        "main.py": `from agents import Runner\nRunner.run(None, "q")\n`,
      },
      absent: ["agentRuns"],
    },
    {
      name: "an absolute import of a project module named unlike a framework still resolves inside a package",
      code: {
        "src/app/__init__.py": ``,
        "src/app/tools/__init__.py": ``,
        "src/app/tools/wipe.py": `import shutil\ndef wipe(p):\n    shutil.rmtree(p)\n`,
        "src/app/crew.py": `from tools.wipe import wipe\nwipe("x")\n`,
      },
      check: (f) => expect(f.destructive.map((d) => d.loc.file)).toEqual(["src/app/tools/wipe.py"]),
    },
  ],
});
