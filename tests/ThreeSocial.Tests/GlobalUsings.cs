global using Orleans;
global using Orleans.Hosting;
global using Orleans.Runtime;
global using StableHash = ThreeSocial.Grains.Common.StableHash;
global using TestCategory = ThreeSocial.Tests.Support.TestCategory;
global using FreePort = ThreeSocial.Benchmarks.FreePort;
