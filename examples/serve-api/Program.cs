// Run from the repository root: the batch run saves the fit, the API applies it.
//   dotnet run --project src/DataPrep.Cli -- run examples/serve-api/penguins-features.yaml --save-fit out/penguins-features.fit.json
//   dotnet run --project examples/serve-api -- --DataPrep:Pipeline=examples/serve-api/penguins-features.yaml \
//     --DataPrep:FitArtifact=out/penguins-features.fit.json --urls http://127.0.0.1:5080
//   curl -s localhost:5080/transform -H 'content-type: application/json' \
//     -d '[{"Species":"Gentoo","Island":"Biscoe","Beak Length (mm)":46.1,"Beak Depth (mm)":13.2,"Flipper Length (mm)":211,"Body Mass (g)":4500,"Sex":"FEMALE"}]'
var app = await ServeApi.ServeApp.BuildAsync(args);
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
