global using Orleans;
global using Orleans.Hosting;
global using Orleans.Runtime;
global using StableHash = ThreeSocial.Grains.Common.StableHash;
