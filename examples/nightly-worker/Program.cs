using Microsoft.Extensions.Hosting;
using NightlyWorker;

// A worker service whose only job is the nightly refresh: `dotnet run` in this folder, or deploy
// it as a systemd service or a container. The schedule and the pipeline come from appsettings.json.
using var host = NightlyWorkerHost.Create(args);
await host.RunAsync();
