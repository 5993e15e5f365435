using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Engine.FineTuning;

/// <summary>One in-process fine-tuning job: its request, state and background task.</summary>
internal sealed class Job(string id, FineTuneRequest request)
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private FineTuneJobStatus _status = new(id, FineTuneJobState.Queued);
    private Task? _task;

    public string Id { get; } = id;

    public FineTuneRequest Request { get; } = request;

    public CancellationToken Token => _cts.Token;

    public Task Completion => _task ?? Task.CompletedTask;

    public FineTuneJobStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public void StartOnce(Action body)
    {
        lock (_gate)
        {
            if (_task is not null)
            {
                return;
            }

            _status = _status with { State = FineTuneJobState.Running };
            _task = Task.Run(() => Execute(body), CancellationToken.None);
        }
    }

    public void Report(FineTuneProgress progress) => Set(s => s with { Progress = progress });

    public void Succeed(AdapterReference adapter) => Set(s => s with { State = FineTuneJobState.Succeeded, Adapter = adapter });

    public void Cancel()
    {
        if (!Status.IsTerminal)
        {
            _cts.Cancel();
        }
    }

    private void Execute(Action body)
    {
        try
        {
            body();
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            Set(s => s with { State = FineTuneJobState.Cancelled });
        }
        catch (Exception ex)
        {
            Set(s => s with { State = FineTuneJobState.Failed, Error = $"{ex.GetType().Name}: {ex.Message}" });
        }
    }

    private void Set(Func<FineTuneJobStatus, FineTuneJobStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
        }
    }
}
