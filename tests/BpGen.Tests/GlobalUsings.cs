// Shared by every test folder: the networks and data sets (Fixtures), the harness (Infrastructure)
// and the reference implementation the generated code is held to (Reference).
global using BpGen.Tests.Fixtures;
global using BpGen.Tests.Infrastructure;
global using BpGen.Tests.Reference;
