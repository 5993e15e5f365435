using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// Counts calls and input/output tokens of the inner client into a <see cref="UsageMeter"/>, keyed by the
/// ambient <see cref="UsageScope"/> (stage, predictor). Tokens come from the response's <see cref="UsageDetails"/>;
/// a server that reports none counts the call with zero tokens.
/// </summary>
public sealed class UsageMeteringChatClient : DelegatingChatClient
{
    private readonly UsageMeter _meter;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public UsageMeteringChatClient(IChatClient innerClient, UsageMeter meter)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var key = UsageScope.Current;
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        _meter.Record(key, new UsageTotals(1, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0));
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var key = UsageScope.Current;
        long input = 0, output = 0;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                input += usage.Details.InputTokenCount ?? 0;
                output += usage.Details.OutputTokenCount ?? 0;
            }

            yield return update;
        }

        _meter.Record(key, new UsageTotals(1, input, output));
    }
}
