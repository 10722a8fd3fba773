namespace Kinodialog.Core.Tests.Media;

/// <summary>
/// Real output of ffprobe 5.1 (<c>-v error -print_format json -show_format -show_streams</c>) for files
/// made with ffmpeg. Trimmed for length: long names, most disposition flags and some tags.
/// </summary>
internal static class FfprobeSamples
{
    /// <summary>3 s of H.264 + AAC in MP4, 320x240, as a phone or camera would give.</summary>
    public const string Mp4 = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "h264",
              "profile": "Constrained Baseline",
              "codec_type": "video",
              "codec_tag_string": "avc1",
              "codec_tag": "0x31637661",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuv420p",
              "level": 13,
              "chroma_location": "left",
              "field_order": "progressive",
              "refs": 1,
              "is_avc": "true",
              "nal_length_size": "4",
              "id": "0x1",
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/12800",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 38400,
              "duration": "3.000000",
              "bit_rate": "706360",
              "bits_per_raw_sample": "8",
              "nb_frames": "75",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              },
              "tags": {
                "language": "und",
                "handler_name": "VideoHandler",
                "vendor_id": "[0][0][0][0]",
                "encoder": "Lavc59.37.100 libx264"
              }
            },
            {
              "index": 1,
              "codec_name": "aac",
              "profile": "LC",
              "codec_type": "audio",
              "codec_tag_string": "mp4a",
              "codec_tag": "0x6134706d",
              "sample_fmt": "fltp",
              "sample_rate": "48000",
              "channels": 1,
              "channel_layout": "mono",
              "bits_per_sample": 0,
              "id": "0x2",
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/48000",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 144000,
              "duration": "3.000000",
              "bit_rate": "69714",
              "nb_frames": "142",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              },
              "tags": {
                "language": "und",
                "handler_name": "SoundHandler",
                "vendor_id": "[0][0][0][0]"
              }
            }
          ],
          "format": {
            "filename": "film.mp4",
            "nb_streams": 2,
            "nb_programs": 0,
            "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
            "start_time": "0.000000",
            "duration": "3.000000",
            "size": "294325",
            "bit_rate": "784866",
            "probe_score": 100,
            "tags": {
              "major_brand": "isom",
              "minor_version": "512",
              "compatible_brands": "isomiso2avc1mp41",
              "encoder": "Lavf59.27.100"
            }
          }
        }
        """;

    /// <summary>The same film recorded upright on a phone: the display matrix turns it a quarter.</summary>
    public const string RotatedMp4 = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "h264",
              "profile": "Constrained Baseline",
              "codec_type": "video",
              "codec_tag_string": "avc1",
              "codec_tag": "0x31637661",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuv420p",
              "level": 13,
              "chroma_location": "left",
              "field_order": "progressive",
              "refs": 1,
              "is_avc": "true",
              "nal_length_size": "4",
              "id": "0x1",
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/12800",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 38400,
              "duration": "3.000000",
              "bit_rate": "706360",
              "bits_per_raw_sample": "8",
              "nb_frames": "75",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              },
              "side_data_list": [
                {
                  "side_data_type": "Display Matrix",
                  "displaymatrix": "\n00000000:            0      -65536           0\n00000001:        65536           0           0\n00000002:            0           0  1073741824\n",
                  "rotation": 90
                }
              ]
            },
            {
              "index": 1,
              "codec_name": "aac",
              "profile": "LC",
              "codec_type": "audio",
              "codec_tag_string": "mp4a",
              "codec_tag": "0x6134706d",
              "sample_fmt": "fltp",
              "sample_rate": "48000",
              "channels": 1,
              "channel_layout": "mono",
              "bits_per_sample": 0,
              "id": "0x2",
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/48000",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 144000,
              "duration": "3.000000",
              "bit_rate": "69714",
              "nb_frames": "142",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "rot.mp4",
            "nb_streams": 2,
            "nb_programs": 0,
            "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
            "start_time": "0.000000",
            "duration": "3.000000",
            "size": "294325",
            "bit_rate": "784866",
            "probe_score": 100
          }
        }
        """;

    /// <summary>Matroska: the streams carry no duration, the container does (3.021 s).</summary>
    public const string Matroska = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "h264",
              "profile": "Constrained Baseline",
              "codec_type": "video",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuv420p",
              "level": 13,
              "chroma_location": "left",
              "field_order": "progressive",
              "refs": 1,
              "is_avc": "true",
              "nal_length_size": "4",
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/1000",
              "start_pts": 21,
              "start_time": "0.021000",
              "bits_per_raw_sample": "8",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              }
            },
            {
              "index": 1,
              "codec_name": "aac",
              "profile": "LC",
              "codec_type": "audio",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "sample_fmt": "fltp",
              "sample_rate": "48000",
              "channels": 1,
              "channel_layout": "mono",
              "bits_per_sample": 0,
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/1000",
              "start_pts": 0,
              "start_time": "0.000000",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "film.mkv",
            "nb_streams": 2,
            "nb_programs": 0,
            "format_name": "matroska,webm",
            "start_time": "0.000000",
            "duration": "3.021000",
            "size": "293693",
            "bit_rate": "777737",
            "probe_score": 100
          }
        }
        """;

    /// <summary>Motion-JPEG in AVI, as old cameras record: a film, although its codec is mjpeg.</summary>
    public const string MotionJpegAvi = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "mjpeg",
              "profile": "Baseline",
              "codec_type": "video",
              "codec_tag_string": "MJPG",
              "codec_tag": "0x47504a4d",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuvj420p",
              "level": -99,
              "color_range": "pc",
              "color_space": "bt470bg",
              "chroma_location": "center",
              "refs": 1,
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/25",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 50,
              "duration": "2.000000",
              "bit_rate": "1929955",
              "bits_per_raw_sample": "8",
              "nb_frames": "50",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "motion.avi",
            "nb_streams": 1,
            "nb_programs": 0,
            "format_name": "avi",
            "start_time": "0.000000",
            "duration": "2.000000",
            "size": "479824",
            "bit_rate": "1919296",
            "probe_score": 100
          }
        }
        """;

    /// <summary>WebM as a browser's MediaRecorder writes it: no duration anywhere.</summary>
    public const string LiveWebm = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "vp8",
              "profile": "0",
              "codec_type": "video",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuv420p",
              "level": -99,
              "field_order": "progressive",
              "refs": 1,
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/1000",
              "start_pts": 0,
              "start_time": "0.000000",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              },
              "tags": {
                "ENCODER": "Lavc59.37.100 libvpx"
              }
            }
          ],
          "format": {
            "filename": "live.webm",
            "nb_streams": 1,
            "nb_programs": 0,
            "format_name": "matroska,webm",
            "start_time": "0.000000",
            "size": "61817",
            "probe_score": 100,
            "tags": {
              "ENCODER": "Lavf59.27.100"
            }
          }
        }
        """;

    /// <summary>A photo (JPEG).</summary>
    public const string Jpeg = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "mjpeg",
              "profile": "Baseline",
              "codec_type": "video",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "width": 640,
              "height": 360,
              "coded_width": 640,
              "coded_height": 360,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "16:9",
              "pix_fmt": "yuvj420p",
              "level": -99,
              "color_range": "pc",
              "color_space": "bt470bg",
              "chroma_location": "center",
              "refs": 1,
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/25",
              "start_pts": 0,
              "start_time": "0.000000",
              "duration_ts": 1,
              "duration": "0.040000",
              "bits_per_raw_sample": "8",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "still.jpg",
            "nb_streams": 1,
            "nb_programs": 0,
            "format_name": "image2",
            "start_time": "0.000000",
            "duration": "0.040000",
            "size": "17153",
            "bit_rate": "3430600",
            "probe_score": 50
          }
        }
        """;

    /// <summary>A picture (PNG).</summary>
    public const string Png = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "png",
              "codec_type": "video",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "width": 640,
              "height": 360,
              "coded_width": 640,
              "coded_height": 360,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "16:9",
              "pix_fmt": "rgb24",
              "level": -99,
              "color_range": "pc",
              "refs": 1,
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/25",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "still.png",
            "nb_streams": 1,
            "nb_programs": 0,
            "format_name": "png_pipe",
            "size": "30324",
            "probe_score": 99
          }
        }
        """;

    /// <summary>A song with cover art: the only video stream is an attached picture.</summary>
    public const string Mp3WithCoverArt = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "mp3",
              "codec_type": "audio",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "sample_fmt": "fltp",
              "sample_rate": "44100",
              "channels": 1,
              "channel_layout": "mono",
              "bits_per_sample": 0,
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/14112000",
              "start_pts": 353600,
              "start_time": "0.025057",
              "duration_ts": 28753920,
              "duration": "2.037551",
              "bit_rate": "64000",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              }
            },
            {
              "index": 1,
              "codec_name": "mjpeg",
              "profile": "Baseline",
              "codec_type": "video",
              "codec_tag_string": "[0][0][0][0]",
              "codec_tag": "0x0000",
              "width": 640,
              "height": 360,
              "coded_width": 640,
              "coded_height": 360,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "16:9",
              "pix_fmt": "yuvj420p",
              "level": -99,
              "color_range": "pc",
              "color_space": "bt470bg",
              "chroma_location": "center",
              "refs": 1,
              "r_frame_rate": "90000/1",
              "avg_frame_rate": "0/0",
              "time_base": "1/90000",
              "start_pts": 2255,
              "start_time": "0.025056",
              "duration_ts": 183380,
              "duration": "2.037556",
              "bits_per_raw_sample": "8",
              "disposition": {
                "default": 0,
                "attached_pic": 1
              },
              "tags": {
                "comment": "Other"
              }
            }
          ],
          "format": {
            "filename": "song.mp3",
            "nb_streams": 2,
            "nb_programs": 0,
            "format_name": "mp3",
            "start_time": "0.025056",
            "duration": "2.037551",
            "size": "33704",
            "bit_rate": "132331",
            "probe_score": 51,
            "tags": {
              "encoder": "Lavf59.27.100"
            }
          }
        }
        """;

    /// <summary>Audio only (WAV).</summary>
    public const string Wav = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "pcm_s16le",
              "codec_type": "audio",
              "codec_tag_string": "[1][0][0][0]",
              "codec_tag": "0x0001",
              "sample_fmt": "s16",
              "sample_rate": "44100",
              "channels": 1,
              "bits_per_sample": 16,
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/44100",
              "duration_ts": 88200,
              "duration": "2.000000",
              "bit_rate": "705600",
              "disposition": {
                "default": 0,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "tone.wav",
            "nb_streams": 1,
            "nb_programs": 0,
            "format_name": "wav",
            "duration": "2.000000",
            "size": "176478",
            "bit_rate": "705912",
            "probe_score": 99,
            "tags": {
              "encoder": "Lavf59.27.100"
            }
          }
        }
        """;

    /// <summary>An HLS playlist saved as "film.mp4": ffprobe follows it to the segment it names.</summary>
    public const string HlsPlaylistNamedMp4 = """
        {
          "streams": [
            {
              "index": 0,
              "codec_name": "h264",
              "profile": "Constrained Baseline",
              "codec_type": "video",
              "codec_tag_string": "avc1",
              "codec_tag": "0x31637661",
              "width": 320,
              "height": 240,
              "coded_width": 320,
              "coded_height": 240,
              "has_b_frames": 0,
              "sample_aspect_ratio": "1:1",
              "display_aspect_ratio": "4:3",
              "pix_fmt": "yuv420p",
              "level": 13,
              "chroma_location": "left",
              "refs": 1,
              "is_avc": "true",
              "nal_length_size": "4",
              "r_frame_rate": "25/1",
              "avg_frame_rate": "25/1",
              "time_base": "1/12800",
              "start_pts": 0,
              "start_time": "0.000000",
              "bit_rate": "706360",
              "bits_per_raw_sample": "8",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              }
            },
            {
              "index": 1,
              "codec_name": "aac",
              "profile": "LC",
              "codec_type": "audio",
              "codec_tag_string": "mp4a",
              "codec_tag": "0x6134706d",
              "sample_fmt": "fltp",
              "sample_rate": "48000",
              "channels": 1,
              "channel_layout": "mono",
              "bits_per_sample": 0,
              "r_frame_rate": "0/0",
              "avg_frame_rate": "0/0",
              "time_base": "1/48000",
              "start_pts": -1024,
              "start_time": "-0.021333",
              "bit_rate": "69714",
              "disposition": {
                "default": 1,
                "attached_pic": 0
              }
            }
          ],
          "format": {
            "filename": "file:play.mp4",
            "nb_streams": 2,
            "nb_programs": 1,
            "format_name": "hls",
            "start_time": "-0.021333",
            "duration": "3.000000",
            "size": "67",
            "bit_rate": "178",
            "probe_score": 100
          }
        }
        """;
}
