using DataPrep.Hosting;
using DataPrep.Steps;
using DataPrep.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPrep.Tests.Api;

public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task AddDataPrep_CustomStep_UsableFromYamlThroughTheFactory()
    {
        var logged = new ListLogger();
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(new SingleLoggerFactory(logged))
            .AddDataPrep(setup => setup.AddStep<BucketOptions>("bucket", (o, id) => new BucketStep(o, id)));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<PipelineFactory>();

        var pipeline = factory.Parse("version: 1\nname: di\nsource: { memory: people }\nsteps:\n  - bucket: { column: age }\nsink: { memory: {} }\n", ".")
            .WithInput("people", BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(30, 30)));
        using var result = await pipeline.CollectAsync();

        result.Schema.FieldsList[^1].Name.Should().Be("bucket");
        provider.GetRequiredService<StepRegistry>().TryGet("bucket", out _).Should().BeTrue();
        logged.Lines.Should().Contain(l => l.Contains("Running pipeline di"));
    }

    [Fact]
    public void AddDataPrep_CalledTwice_OneRegistryWithBothSteps()
    {
        var services = new ServiceCollection()
            .AddDataPrep(s => s.AddStep<BucketOptions>("bucket", (o, id) => new BucketStep(o, id)))
            .AddDataPrep(s => s.AddStep<BucketOptions>("bucket_2", (o, id) => new BucketStep(o, id)));
        using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<StepRegistry>();

        registry.All.Select(r => r.Name).Should().Contain(["bucket", "bucket_2", "select"]);
        services.Count(d => d.ServiceType == typeof(PipelineFactory)).Should().Be(1);
    }

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider) { }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose() { }
    }
}
