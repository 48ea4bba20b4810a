// Runs in every test file: throwaway projects are removed when the file is done.
import { afterAll } from "vitest";
import { removeProjects } from "./helpers.js";

afterAll(removeProjects);
