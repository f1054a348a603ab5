//! The zip container of an `.npz`, read from its central directory: just what `np.savez` and
//! `np.savez_compressed` write (stored or deflated members, zip64 sizes and offsets for large
//! arrays, no encryption, one disk), every read bounds-checked into a named error.
//!
//! ```text
//! [local header 0 | data 0] [local header 1 | data 1] ... [central directory] [zip64 end?]
//! [zip64 locator?] [end of central directory (22 bytes + comment)]
//! ```

use super::NpyError;

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const END64: u32 = 0x0606_4b50;
const LOCATOR64: u32 = 0x0706_4b50;
/// The zip64 extended-information extra field.
const ZIP64_EXTRA: u16 = 0x0001;

/// One member, as the central directory and its local header place it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) method: u16,
    pub(super) crc: u32,
    pub(super) size: u64,
    /// Where the member's (possibly compressed) bytes lie in the archive.
    pub(super) data: std::ops::Range<usize>,
}

fn zip_error(reason: &'static str, offset: usize) -> NpyError {
    NpyError::Zip {
        reason,
        offset: offset as u64,
    }
}

/// `len` bytes at `at`, or the named error.
fn bytes<'a>(
    archive: &'a [u8],
    at: usize,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8], NpyError> {
    at.checked_add(len)
        .and_then(|end| archive.get(at..end))
        .ok_or_else(|| zip_error(what, at))
}

fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn le64(b: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(word)
}

fn offset(value: u64, at: usize) -> Result<usize, NpyError> {
    usize::try_from(value).map_err(|_| zip_error("an offset beyond the address space", at))
}

/// Every member of `archive`, in central-directory order.
pub(super) fn entries(archive: &[u8]) -> Result<Vec<Entry>, NpyError> {
    let (count, cd_start) = central_directory(archive)?;
    // Each entry takes at least 46 bytes: a count the archive cannot hold is a lie.
    if count > archive.len() / 46 {
        return Err(zip_error(
            "more entries than the archive can hold",
            cd_start,
        ));
    }
    let mut entries = Vec::with_capacity(count);
    let mut at = cd_start;
    for _ in 0..count {
        let fixed = bytes(archive, at, 46, "a truncated central directory entry")?;
        if le32(fixed, 0) != CENTRAL {
            return Err(zip_error(
                "a central directory entry without its signature",
                at,
            ));
        }
        if le16(fixed, 8) & 1 != 0 {
            return Err(zip_error("an encrypted member", at));
        }
        let method = le16(fixed, 10);
        let crc = le32(fixed, 16);
        let mut compressed = u64::from(le32(fixed, 20));
        let mut size = u64::from(le32(fixed, 24));
        let name_len = usize::from(le16(fixed, 28));
        let extra_len = usize::from(le16(fixed, 30));
        let comment_len = usize::from(le16(fixed, 32));
        let mut local = u64::from(le32(fixed, 42));
        let name = bytes(archive, at + 46, name_len, "a truncated member name")?;
        let name = std::str::from_utf8(name)
            .map_err(|_| zip_error("a member name that is not UTF-8", at + 46))?
            .to_owned();
        let extra_at = at + 46 + name_len;
        let extra = bytes(archive, extra_at, extra_len, "a truncated extra field")?;
        zip64_extra(extra, extra_at, &mut size, &mut compressed, &mut local)?;
        let data = local_data(archive, offset(local, at)?, compressed)?;
        entries.push(Entry {
            name,
            method,
            crc,
            size,
            data,
        });
        at = extra_at + extra_len + comment_len;
    }
    Ok(entries)
}

/// The entry count and the start of the central directory, from the end record (and the
/// zip64 end record where the end record's fields are saturated).
fn central_directory(archive: &[u8]) -> Result<(usize, usize), NpyError> {
    // The end record is 22 bytes plus a comment of at most 65535, searched from the end.
    let last = archive
        .len()
        .checked_sub(22)
        .ok_or_else(|| zip_error("too short for a zip archive", 0))?;
    let first = last.saturating_sub(u16::MAX as usize);
    let end = (first..=last)
        .rev()
        .find(|&at| le32(archive, at) == END)
        .ok_or_else(|| zip_error("no end of central directory record", archive.len()))?;
    let record = &archive[end..end + 22];
    if le16(record, 4) != 0 || le16(record, 6) != 0 {
        return Err(zip_error("a multi-disk archive", end));
    }
    let count = le16(record, 10);
    let cd_size = le32(record, 12);
    let cd_start = le32(record, 16);
    if count != u16::MAX && cd_size != u32::MAX && cd_start != u32::MAX {
        return Ok((usize::from(count), offset(u64::from(cd_start), end)?));
    }
    let locator_at = end
        .checked_sub(20)
        .ok_or_else(|| zip_error("a zip64 archive without its locator", end))?;
    let locator = &archive[locator_at..end];
    if le32(locator, 0) != LOCATOR64 {
        return Err(zip_error("a zip64 archive without its locator", locator_at));
    }
    let end64_at = offset(le64(locator, 8), locator_at)?;
    let end64 = bytes(archive, end64_at, 56, "a truncated zip64 end record")?;
    if le32(end64, 0) != END64 {
        return Err(zip_error(
            "a zip64 end record without its signature",
            end64_at,
        ));
    }
    let count = offset(le64(end64, 32), end64_at)?;
    Ok((count, offset(le64(end64, 48), end64_at)?))
}

/// Replaces the saturated 32-bit fields with their zip64 values, in the order the format fixes.
fn zip64_extra(
    mut extra: &[u8],
    at: usize,
    size: &mut u64,
    compressed: &mut u64,
    local: &mut u64,
) -> Result<(), NpyError> {
    while extra.len() >= 4 {
        let id = le16(extra, 0);
        let len = usize::from(le16(extra, 2));
        let body = extra
            .get(4..4 + len)
            .ok_or_else(|| zip_error("a truncated extra field", at))?;
        if id == ZIP64_EXTRA {
            let mut fields = body.chunks_exact(8).map(|c| le64(c, 0));
            for field in [size, compressed, local] {
                if *field == u64::from(u32::MAX) {
                    *field = fields
                        .next()
                        .ok_or_else(|| zip_error("a zip64 extra field too short", at))?;
                }
            }
            return Ok(());
        }
        extra = &extra[4 + len..];
    }
    Ok(())
}

/// Where the data of the member whose local header is at `at` lies.
fn local_data(
    archive: &[u8],
    at: usize,
    compressed: u64,
) -> Result<std::ops::Range<usize>, NpyError> {
    let fixed = bytes(archive, at, 30, "a truncated local header")?;
    if le32(fixed, 0) != LOCAL {
        return Err(zip_error("a local header without its signature", at));
    }
    let start = at + 30 + usize::from(le16(fixed, 26)) + usize::from(le16(fixed, 28));
    let len = offset(compressed, at)?;
    bytes(
        archive,
        start,
        len,
        "member data past the end of the archive",
    )?;
    Ok(start..start + len)
}

/// The CRC-32 (IEEE 802.3, as zip uses) lookup table, built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0_u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// The CRC-32 of `data`.
pub(super) fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0_u32, |c, &b| {
        CRC_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_strings() {
        // zlib.crc32(b"") and zlib.crc32(b"123456789"), the standard check value.
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn saturated_fields_come_from_zip64_extra() {
        let mut extra = vec![0x01, 0x00, 16, 0];
        extra.extend_from_slice(&(5_u64 << 32).to_le_bytes());
        extra.extend_from_slice(&7_u64.to_le_bytes());
        let (mut size, mut compressed, mut local) = (u64::from(u32::MAX), 10, u64::from(u32::MAX));
        zip64_extra(&extra, 0, &mut size, &mut compressed, &mut local).unwrap();
        assert_eq!((size, compressed, local), (5 << 32, 10, 7));
        let short = [0x01, 0x00, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        let mut local = u64::from(u32::MAX);
        let mut size = u64::from(u32::MAX);
        assert!(zip64_extra(&short, 0, &mut size, &mut 0, &mut local).is_err());
    }
}
