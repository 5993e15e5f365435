using System.Buffers.Binary;

namespace BetterTogether.Engine.SafeTensors;

/// <summary>Little-endian element conversions between stored dtypes and F32.</summary>
internal static class DTypeConversion
{
    public static void ToFloat(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case SafeTensorsDType.BF16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                }

                break;
            case SafeTensorsDType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unsupported dtype.");
        }
    }

    public static void FromFloat(SafeTensorsDType dtype, ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            switch (dtype)
            {
                case SafeTensorsDType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                    break;
                case SafeTensorsDType.BF16:
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], ToBFloat16(source[i]));
                    break;
                case SafeTensorsDType.F16:
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], BitConverter.HalfToUInt16Bits((Half)source[i]));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unsupported dtype.");
            }
        }
    }

    /// <summary>Round-to-nearest-even truncation of an F32 to its upper 16 bits; NaN stays NaN.</summary>
    public static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
