using ThreeSocial.Silo;
using ThreeSocial.Silo.Commands;

if (CommandLine.TryRun(args, out var exitCode)) return exitCode;
await SiloApplication.Build(args).RunAsync();
return 0;
