"""The seed's GSOD comparison in plain Python, as the reference `./hazelray bench gsod` measures.

The tutorial's GSODActor and compare_years, with the Ray calls made sequential (one process, as
the seed's numbers in DESIGN.md were taken): every row of each YEAR.tar.gz kept as a namedtuple of
28 strings, the stations of each year as a set, their intersection, and the hot readings counted
with float(TEMP) >= threshold. Like the seed, it counts TEMP 9999.9 (missing) as hot when the
threshold is below 9999.9: Hazelray does not.

usage: python3 seed_gsod.py DATA_DIR YEAR1 YEAR2 THRESHOLD
"""
import csv
import sys
import tarfile
import time
from collections import namedtuple

FIELDS = ('STATION', 'DATE', 'LATITUDE', 'LONGITUDE', 'ELEVATION', 'NAME', 'TEMP', 'TEMP_ATTRIBUTES',
          'DEWP', 'DEWP_ATTRIBUTES', 'SLP', 'SLP_ATTRIBUTES', 'STP', 'STP_ATTRIBUTES', 'VISIB',
          'VISIB_ATTRIBUTES', 'WDSP', 'WDSP_ATTRIBUTES', 'MXSPD', 'GUST', 'MAX', 'MAX_ATTRIBUTES',
          'MIN', 'MIN_ATTRIBUTES', 'PRCP', 'PRCP_ATTRIBUTES', 'SNDP', 'FRSHTT')
Row = namedtuple('Row', FIELDS)


class GSODActor:
    def __init__(self, data_dir, year, high_temp):
        self.high_temp = float(high_temp)
        self.rows = []
        self.stations = None
        self.year = year
        self.data_dir = data_dir

    def get_high_temp_count(self, stations):
        filtered = [l for l in self.rows if float(l.TEMP) >= self.high_temp and l.STATION in stations]
        return len(filtered)

    def get_stations(self):
        return self.stations

    def load_data(self):
        with tarfile.open(f'{self.data_dir}/{self.year}.tar.gz', 'r:gz') as tar:
            for member in tar.getmembers():
                lines = tar.extractfile(member).read().decode().splitlines()
                reader = csv.reader(lines, delimiter=',')
                next(reader, None)  # the header
                self.rows += [Row(*l) for l in reader]
        self.stations = {l.STATION for l in self.rows}


def compare_years(data_dir, year1, year2, high_temp):
    y1, y2 = GSODActor(data_dir, year1, high_temp), GSODActor(data_dir, year2, high_temp)
    y1.load_data()
    y2.load_data()
    intersection = set.intersection(y1.get_stations(), y2.get_stations())
    print('Number of stations in common: {}'.format(len(intersection)))
    print('{} - High temp count for common stations: {}'.format(year1, y1.get_high_temp_count(intersection)))
    print('{} - High temp count for common stations: {}'.format(year2, y2.get_high_temp_count(intersection)))


if __name__ == '__main__':
    start = time.time()
    compare_years(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
    print('Engine: python-seed, job time: {:.2f} s, total time: {:.2f} s'.format(time.time() - start, time.time() - start))
