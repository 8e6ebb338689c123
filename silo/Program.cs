using ThreeSocial.Silo;

await SiloApplication.Build(args).RunAsync();
