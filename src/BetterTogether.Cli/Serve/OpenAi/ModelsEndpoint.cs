using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary><c>GET /v1/models</c>: the base model, then each adapter in service with the base model as its parent.</summary>
internal static class ModelsEndpoint
{
    public static IResult List(OpenAiEngineHost host)
    {
        var owner = host.Options.OwnedBy;
        var baseName = host.Model.Name;
        List<ModelCardBody> cards = [new(baseName, "model", host.Created.ToUnixTimeSeconds(), owner, baseName, null)];
        cards.AddRange(host.Adapters.Select(a => new ModelCardBody(a.Name, "model", a.Created.ToUnixTimeSeconds(), owner, a.Path, baseName)));
        return Results.Json(new ModelListBody("list", cards), OpenAiJson.Options);
    }
}
