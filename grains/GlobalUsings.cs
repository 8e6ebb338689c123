// Orleans is the runtime of every grain here: its grain base class, references, concurrency attributes and clocks.
global using Microsoft.Extensions.DependencyInjection;
global using Orleans;
global using Orleans.Concurrency;
global using Orleans.Runtime;
