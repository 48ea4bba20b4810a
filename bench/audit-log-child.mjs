// Runs `psf …` in this process and reports the exit code and this process's peak RSS as the last line.
import { Writable } from "node:stream";
import { main } from "../dist/cli/main.js";

const sink = new Writable({ write(_c, _e, cb) { cb(); } });
const code = await main([process.argv[0], "psf", ...process.argv.slice(2)], { stdout: sink });
console.log(JSON.stringify({ exit: code, maxRssKB: process.resourceUsage().maxRSS }));
