#!/usr/bin/python3
"""OpenCV peer for the image benchmark (called by `DataPrep.Images.Benchmarks ops` when python3-opencv is present).

usage: opencv_peer.py IMAGE_512_PNG JPEG_FOLDER ROUNDS
Prints one JSON object: per-op median microseconds (single thread) and end-to-end images/s with 2 processes.
"""
import json, os, random, sys, time
from multiprocessing import Pool

import cv2
import numpy as np

MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
SCALE = (1.0 / (255.0 * STD)).astype(np.float32)
BIAS = (-MEAN / STD).astype(np.float32)


def median_us(fn, rounds, inner):
    # DATAPREP_BENCH_MIN=1: the fastest single call of rounds x inner (diagnosis on a loaded machine).
    fastest = os.environ.get("DATAPREP_BENCH_MIN") == "1"
    if fastest:
        rounds, inner = rounds * inner, 1
    fn()
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t) / inner * 1e6)
    times.sort()
    return times[0] if fastest else times[len(times) // 2]


def normalize_chw(img):
    return np.ascontiguousarray((img.astype(np.float32) * SCALE + BIAS).transpose(2, 0, 1))


def ops(path, rounds):
    cv2.setNumThreads(1)
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    small = cv2.resize(img, (224, 224), interpolation=cv2.INTER_AREA)
    rot = cv2.getRotationMatrix2D((256, 256), 17, 1.0)
    m = np.array([[0.9, 0.1, 0.05], [0.05, 0.95, 0.1], [0.1, 0.05, 0.9]], np.float32)
    jitter = np.hstack([m * 1.1, np.full((3, 1), 6.0, np.float32)])
    noise = np.empty(img.shape, np.int16)
    # Outputs allocated once, as on the DataPrep side (dst=).
    same = np.empty_like(img)
    out224 = np.empty((224, 224, 3), np.uint8)
    tensor = np.empty((3, 224, 224), np.float32)
    def add_noise():
        cv2.randn(noise, 0, 10)
        return cv2.add(img, noise, dst=same, dtype=cv2.CV_8U)
    def crop_flip_resize():
        cv2.resize(img[60:460, 50:450], (224, 224), dst=out224, interpolation=cv2.INTER_AREA)
        return cv2.flip(out224, 1, dst=out224)
    def normalize_into():
        f = small.astype(np.float32)
        np.multiply(f, SCALE, out=f)
        np.add(f, BIAS, out=f)
        for c in range(3):
            tensor[c] = f[:, :, c]
        return tensor
    return {
        "flip": median_us(lambda: cv2.flip(img, 1, dst=same), rounds, 50),
        "resize_bilinear": median_us(lambda: cv2.resize(img, (224, 224), dst=out224, interpolation=cv2.INTER_LINEAR), rounds, 50),
        # OpenCV's INTER_LINEAR does not antialias: the like-for-like DataPrep filter is bilinear_no_antialias.
        "resize_bilinear_no_antialias": median_us(lambda: cv2.resize(img, (224, 224), dst=out224, interpolation=cv2.INTER_LINEAR), rounds, 50),
        "resize_area": median_us(lambda: cv2.resize(img, (224, 224), dst=out224, interpolation=cv2.INTER_AREA), rounds, 50),
        "crop_flip_resize": median_us(crop_flip_resize, rounds, 50),
        "rotate": median_us(lambda: cv2.warpAffine(img, rot, (512, 512), dst=same, flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0)), rounds, 20),
        "color_jitter": median_us(lambda: cv2.transform(img, jitter, dst=same), rounds, 20),
        "blur": median_us(lambda: cv2.GaussianBlur(img, (0, 0), 1.5, dst=same), rounds, 20),
        "noise": median_us(add_noise, rounds, 10),
        # The faster of numpy's expression and OpenCV calls into a preallocated tensor.
        "normalize": min(median_us(lambda: normalize_chw(small), rounds, 50), median_us(normalize_into, rounds, 50)),
    }


def init():
    cv2.setNumThreads(1)


def e2e_one(args):
    data, seed = args
    rng = random.Random(seed)
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    # torchvision RandomResizedCrop draw (first attempt that fits)
    for _ in range(10):
        area = w * h * rng.uniform(0.08, 1.0)
        ratio = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
        cw, ch = int(round((area * ratio) ** 0.5)), int(round((area / ratio) ** 0.5))
        if 0 < cw <= w and 0 < ch <= h:
            x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
            break
    else:
        x, y, cw, ch = 0, 0, w, h
    out = cv2.resize(img[y:y + ch, x:x + cw], (224, 224), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.5:
        out = cv2.flip(out, 1)
    return normalize_chw(out).shape[0]


def e2e(folder, rounds):
    files = sorted(os.listdir(folder))
    datas = [open(os.path.join(folder, f), "rb").read() for f in files]
    work = [(d, i) for i, d in enumerate(datas)]
    with Pool(2, initializer=init) as pool:
        pool.map(e2e_one, work, chunksize=8)
        rates = []
        for _ in range(rounds):
            t = time.perf_counter()
            pool.map(e2e_one, work, chunksize=8)
            rates.append(len(work) / (time.perf_counter() - t))
    rates.sort()
    return rates[len(rates) // 2]


if __name__ == "__main__":
    image, folder, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    result = ops(image, rounds)
    result["e2e_images_per_s"] = e2e(folder, rounds)
    result["opencv"] = cv2.__version__
    print(json.dumps(result))
