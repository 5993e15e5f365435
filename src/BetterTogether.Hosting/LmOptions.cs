using Azure.Core;
using BetterTogether.OpenAI.Configuration;

namespace BetterTogether.Hosting;

/// <summary>
/// The LM of a run environment: a local model folder served by the in-process engine, or an OpenAI-compatible
/// endpoint. With both, requests go to the endpoint and the folder is the base model of in-process fine-tuning.
/// </summary>
public sealed record LmOptions
{
    /// <summary>A Hugging Face model folder (<c>config.json</c>, weights, <c>tokenizer.json</c>) for the in-process engine.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>
    /// The model id requests name. Default: for a model folder, <see cref="Engine.Serving.LocalModel.IdOf"/> (the one
    /// rule every host uses, so the same folder gets the same LM-cache keys everywhere); for an endpoint, its settings'
    /// model, else the model folder's name.
    /// </summary>
    public string? ModelId { get; init; }

    /// <summary>An OpenAI-compatible endpoint to call instead of the in-process engine.</summary>
    public OpenAIEndpointSettings? Endpoint { get; init; }

    /// <summary>The Microsoft Entra credential of an endpoint whose key is <c>entra</c>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">Neither a model folder nor an endpoint is set, or an endpoint names no model.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelFolder) && Endpoint is null)
        {
            throw new ArgumentException("No LM configured: give a local model folder (in-process engine) or an OpenAI-compatible endpoint.");
        }

        if (Endpoint is not null && string.IsNullOrWhiteSpace(ModelId) && string.IsNullOrWhiteSpace(Endpoint.EffectiveModel) && string.IsNullOrWhiteSpace(ModelFolder))
        {
            throw new ArgumentException("An OpenAI-compatible endpoint needs a model id (the model name the endpoint serves).");
        }
    }
}
