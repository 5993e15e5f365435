namespace BetterTogether.Storage.Tests.Contract;

/// <summary>A readable stream that cancels <paramref name="source"/> once <paramref name="cancelAfter"/> bytes were read, as a client dropping mid-upload would.</summary>
internal sealed class CancellingStream(byte[] data, int cancelAfter, CancellationTokenSource source) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= cancelAfter)
        {
            source.Cancel();
            source.Token.ThrowIfCancellationRequested();
        }

        var count = Math.Min(Math.Min(buffer.Length, data.Length - _position), 8192);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
