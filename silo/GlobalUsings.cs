global using Orleans;
global using Orleans.Hosting;
global using Orleans.Runtime;
// Ours, not Orleans.StableHash: the seeds of the demo city and the simulation depend on it.
global using StableHash = ThreeSocial.Grains.Common.StableHash;
