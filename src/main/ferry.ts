#!/usr/bin/env node
import { buildProgram, runProgram } from '../cli/program.js';
import { registerClusterCommands } from './cluster-commands.js';
import { VERSION } from './version.js';

const program = buildProgram(VERSION);
registerClusterCommands(program);
const code = await runProgram(program, process.argv.slice(2));
// Commands that keep running (up, demo) never reach here until they are told to stop.
process.exitCode = code;
